using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

public sealed class TrainSettings : CohortSettings
{
    [CommandOption("--data <DIR|CSV>")]
    [Description("Cohort CSV, or a folder holding cohort.csv (SYNTHETIC sample-data by default).")]
    [DefaultValue("sample-data")]
    public string Data { get; init; } = "sample-data";

    [CommandOption("--out <ZIP>")]
    [Description("Where to write the model zip; replaced only when training succeeds.")]
    [DefaultValue("models/osteoml.zip")]
    public string Out { get; init; } = Path.Combine("models", "osteoml.zip");

    [CommandOption("--seed <SEED>")]
    [Description("Seed for the split, folds and trainers.")]
    [DefaultValue(42)]
    public int Seed { get; init; } = 42;

    [CommandOption("--pipeline <FILE>")]
    [Description("Pipeline config (split, folds, branches, fusion). Default: pipelines/default.json here, else the copy shipped with the app.")]
    public string? Pipeline { get; init; }

    [CommandOption("--runs <DIR>")]
    [Description("Folder for <run-id>/metrics.json.")]
    [DefaultValue("runs")]
    public string Runs { get; init; } = "runs";

    /// <summary>The config to use: --pipeline, else ./pipelines/default.json, else the copy next to the app.</summary>
    public string PipelinePath
    {
        get
        {
            if (Pipeline is not null)
            {
                return Pipeline;
            }
            string local = Path.Combine("pipelines", "default.json");
            return File.Exists(local) ? local : Path.Combine(AppContext.BaseDirectory, "pipelines", "default.json");
        }
    }

    public override ValidationResult Validate()
    {
        if (!Out.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            return ValidationResult.Error($"--out must name a .zip file; got '{Out}'.");
        }
        return base.Validate();
    }
}
