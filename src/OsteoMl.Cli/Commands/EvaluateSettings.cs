using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

public sealed class EvaluateSettings : CohortSettings
{
    [CommandOption("--model <ZIP>")]
    [Description("A model zip from `osteoml train`.")]
    [DefaultValue("models/osteoml.zip")]
    public string Model { get; init; } = Path.Combine("models", "osteoml.zip");

    [CommandOption("--data <DIR|CSV>")]
    [Description("A labelled cohort to evaluate on (e.g. from `generate --site B`): a CSV, or a folder holding cohort.csv.")]
    public string? Data { get; init; }

    [CommandOption("--report <DIR>")]
    [Description("Where to write metrics.json and report.html. Default: runs/evaluate-<time>.")]
    public string? Report { get; init; }

    [CommandOption("--bootstrap <N>")]
    [Description("AUC intervals by stratified bootstrap with N replicates instead of DeLong (0).")]
    [DefaultValue(0)]
    public int Bootstrap { get; init; }

    [CommandOption("--device <DEVICE>")]
    [Description(DeviceOption.Description)]
    [DefaultValue("cpu")]
    public string Device { get; init; } = "cpu";

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Data))
        {
            return ValidationResult.Error("--data is required: the labelled CSV (or folder) to evaluate on.");
        }
        if (!DeviceOption.Validate(Device).Successful)
        {
            return DeviceOption.Validate(Device);
        }
        return Bootstrap is < 0 or > 100_000 ? ValidationResult.Error("--bootstrap must be between 0 (DeLong) and 100000 replicates.") : base.Validate();
    }
}
