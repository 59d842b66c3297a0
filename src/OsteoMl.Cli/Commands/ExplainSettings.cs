using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

public sealed class ExplainSettings : ModelCohortSettings
{
    [CommandOption("--out <DIR>")]
    [Description(
        "Folder for rowNNNN_image<p_image>_fused<p_fused>_attention.png, _occlusion.png and explain.csv (no patient "
            + "ids)."
    )]
    [DefaultValue("explain")]
    public string Out { get; init; } = "explain";

    [CommandOption("--limit <N>")]
    [Description("Explain the first N rows (each costs 50 passes through the model, about 3 s on 2 cores).")]
    [DefaultValue(8)]
    public int Limit { get; init; } = 8;

    protected override string DataPurpose => "the CSV (or folder) whose radiographs to explain";

    public override ValidationResult Validate() =>
        Limit < 1 ? ValidationResult.Error("--limit must be at least 1.") : base.Validate();
}
