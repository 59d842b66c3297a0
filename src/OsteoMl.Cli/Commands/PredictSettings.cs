using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

public sealed class PredictSettings : CohortSettings
{
    [CommandOption("--model <ZIP>")]
    [Description("A model zip from `osteoml train`.")]
    [DefaultValue("models/osteoml.zip")]
    public string Model { get; init; } = Path.Combine("models", "osteoml.zip");

    [CommandOption("--data <DIR|CSV>")]
    [Description("Rows to score: a CSV, or a folder holding cohort.csv. A label column is optional.")]
    public string? Data { get; init; }

    [CommandOption("--out <CSV>")]
    [DefaultValue("predictions.csv")]
    [Description("Where to write patient_id, p_image, p_clinical, p_fused, p_logistic, predicted[[, label]].")]
    public string Out { get; init; } = "predictions.csv";

    [CommandOption("--device <DEVICE>")]
    [Description(DeviceOption.Description)]
    [DefaultValue("cpu")]
    public string Device { get; init; } = "cpu";

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Data) ? ValidationResult.Error("--data is required: the CSV (or folder) to score.")
        : !DeviceOption.Validate(Device).Successful ? DeviceOption.Validate(Device)
        : base.Validate();
}
