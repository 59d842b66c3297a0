using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

public sealed class RecalibrateSettings : ModelCohortSettings
{
    [CommandOption("--out <ZIP>")]
    [Description("Where to write the recalibrated model zip (must differ from --model, which is kept as it was).")]
    public string? Out { get; init; }

    [CommandOption("--operating-point <RULE>")]
    [Description(
        "How the new threshold is chosen on the cross-validated recalibrated probabilities: youden, "
            + "sensitivity=0.90 or specificity=0.90."
    )]
    [DefaultValue("youden")]
    public string OperatingPoint { get; init; } = "youden";

    [CommandOption("--seed <SEED>")]
    [Description("Seed for the patient-grouped folds of the before/after estimate.")]
    [DefaultValue(42)]
    public int Seed { get; init; } = 42;

    protected override string DataPurpose => "the local labelled CSV (or folder) to recalibrate on";

    public override ValidationResult Validate()
    {
        if (Out is null || !Out.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            return ValidationResult.Error("--out is required and must name a .zip file.");
        }
        if (!OsteoMl.Evaluation.OperatingPoint.TryParse(OperatingPoint, out _))
        {
            return ValidationResult.Error(
                $"--operating-point must be youden, sensitivity=0.90 or specificity=0.90; got '{OperatingPoint}'."
            );
        }
        return Seed < 0 ? ValidationResult.Error("--seed must be 0 or more.") : base.Validate();
    }
}
