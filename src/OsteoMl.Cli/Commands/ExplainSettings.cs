using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

public sealed class ExplainSettings : CohortSettings
{
    [CommandOption("--model <ZIP>")]
    [Description("A model zip from `osteoml train` (the attention map needs --fine-tune other than none).")]
    [DefaultValue("models/osteoml.zip")]
    public string Model { get; init; } = Path.Combine("models", "osteoml.zip");

    [CommandOption("--data <DIR|CSV>")]
    [Description("Rows to explain: a CSV, or a folder holding cohort.csv. A label column is optional.")]
    public string? Data { get; init; }

    [CommandOption("--out <DIR>")]
    [Description("Folder for rowNNNN_p<probability>_attention.png, _occlusion.png and explain.csv (no patient ids).")]
    [DefaultValue("explain")]
    public string Out { get; init; } = "explain";

    [CommandOption("--limit <N>")]
    [Description("Explain the first N rows (each costs 50 passes through the model, about 3 s on 2 cores).")]
    [DefaultValue(8)]
    public int Limit { get; init; } = 8;

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Data) ? ValidationResult.Error("--data is required: the CSV (or folder) whose radiographs to explain.")
        : Limit < 1 ? ValidationResult.Error("--limit must be at least 1.")
        : base.Validate();
}
