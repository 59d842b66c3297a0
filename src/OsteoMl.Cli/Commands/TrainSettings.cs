using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

public sealed class TrainSettings : CohortSettings
{
    [CommandOption("--data <DIR|CSV>")]
    [Description("Cohort CSV, or a folder holding cohort.csv. Default: sample-data (SYNTHETIC).")]
    public string Data { get; init; } = "sample-data";

    [CommandOption("--out <ZIP>")]
    [Description("Where to write the model zip; replaced only when training succeeds.")]
    public string Out { get; init; } = Path.Combine("models", "osteoml.zip");

    [CommandOption("--seed <SEED>")]
    [Description("Seed for the split, folds and trainers.")]
    [DefaultValue(42)]
    public int Seed { get; init; } = 42;

    [CommandOption("--pipeline <FILE>")]
    [Description("Pipeline config (split, folds, branches, fusion).")]
    public string Pipeline { get; init; } = Path.Combine("pipelines", "default.json");

    [CommandOption("--runs <DIR>")]
    [Description("Folder for runs/<run-id>/metrics.json.")]
    public string Runs { get; init; } = "runs";

    public override ValidationResult Validate()
    {
        if (!Out.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            return ValidationResult.Error($"--out must name a .zip file; got '{Out}'.");
        }
        return base.Validate();
    }
}
