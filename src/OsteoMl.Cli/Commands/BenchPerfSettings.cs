using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

public sealed class BenchPerfSettings : GlobalSettings
{
    [CommandOption("--data <DIR|CSV>")]
    [Description("Films to featurize (the cohort's images).")]
    [DefaultValue("sample-data")]
    public string Data { get; init; } = "sample-data";

    [CommandOption("--images <N>")]
    [Description("How many films to time.")]
    [DefaultValue(200)]
    public int Images { get; init; } = 200;

    [CommandOption("--model <ZIP>")]
    [Description("A zip for the single-patient latency; skipped when the file does not exist.")]
    [DefaultValue("models/osteoml.zip")]
    public string Model { get; init; } = Path.Combine("models", "osteoml.zip");

    [CommandOption("--compare-model <ZIP>")]
    [Description("A second zip timed in the same run, e.g. one trained with image.precision fp32 beside an int8 one.")]
    public string? CompareModel { get; init; }

    [CommandOption("--no-train")]
    [Description("Skip timing a whole `train` on --data.")]
    public bool NoTrain { get; init; }

    [CommandOption("--out <JSON>")]
    [Description("Where to write the results as JSON.")]
    public string? Out { get; init; }

    [CommandOption("--device <DEVICE>")]
    [Description(DeviceOption.Description)]
    [DefaultValue("cpu")]
    public string Device { get; init; } = "cpu";

    public override ValidationResult Validate() =>
        Images < 8 ? ValidationResult.Error("--images must be at least 8.")
        : CompareModel is { } compare && !File.Exists(compare)
            ? ValidationResult.Error($"--compare-model: no file {compare}.")
        : !DeviceOption.Validate(Device).Successful ? DeviceOption.Validate(Device)
        : base.Validate();
}
