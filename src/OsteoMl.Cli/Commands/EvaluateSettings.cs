using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

public sealed class EvaluateSettings : ModelCohortSettings
{
    [CommandOption("--report <DIR>")]
    [Description("Where to write metrics.json and report.html. Default: runs/evaluate-<time>.")]
    public string? Report { get; init; }

    [CommandOption("--bootstrap <N>")]
    [Description("AUC intervals by stratified bootstrap with N replicates instead of DeLong (0).")]
    [DefaultValue(0)]
    public int Bootstrap { get; init; }

    protected override string DataPurpose => "the labelled CSV (or folder) to evaluate on";

    public override ValidationResult Validate() =>
        Bootstrap is < 0 or > 100_000
            ? ValidationResult.Error("--bootstrap must be between 0 (DeLong) and 100000 replicates.")
            : base.Validate();
}
