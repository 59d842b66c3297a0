using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

/// <summary>The options of the verbs that run a saved zip over a cohort (predict, evaluate, explain).</summary>
public abstract class ModelCohortSettings : CohortSettings
{
    [CommandOption("--model <ZIP>")]
    [Description("A model zip from `osteoml train`.")]
    [DefaultValue("models/osteoml.zip")]
    public string Model { get; init; } = Path.Combine("models", "osteoml.zip");

    [CommandOption("--data <DIR|CSV>")]
    [Description(
        "The cohort: a CSV, or a folder holding cohort.csv. The label column is needed by evaluate and recalibrate; predict, explain and monitor do without it (monitor also takes a predict output or a worklist CSV)."
    )]
    public string? Data { get; init; }

    [CommandOption("--device <DEVICE>")]
    [Description(DeviceOption.Description)]
    [DefaultValue("cpu")]
    public string Device { get; init; } = "cpu";

    [CommandOption("--strict")]
    [Description(
        "Refuse (exit 2) a cohort whose categorical columns hold values the model never saw at training, instead of "
            + "warning and scoring those rows as if the column were blank."
    )]
    public bool Strict { get; init; }

    /// <summary>What the verb does with --data, for the message when it is missing.</summary>
    protected abstract string DataPurpose { get; }

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Data) ? ValidationResult.Error($"--data is required: {DataPurpose}.")
        : !DeviceOption.Validate(Device).Successful ? DeviceOption.Validate(Device)
        : base.Validate();
}
