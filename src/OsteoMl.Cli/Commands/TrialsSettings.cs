using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

public sealed class TrialsSettings : GlobalSettings
{
    [CommandArgument(0, "[RUN_DIR]")]
    [Description("Run folder(s) holding trials.jsonl. Default: the latest run under --runs.")]
    public string[] RunDirectories { get; init; } = [];

    [CommandOption("--compare")]
    [Description("Compare two runs: trials --compare RUN_A RUN_B.")]
    public bool Compare { get; init; }

    [CommandOption("--stage <STAGE>")]
    [Description("Which search to list: clinical, image, image-backbone or fusion.")]
    [DefaultValue("clinical")]
    public string Stage { get; init; } = "clinical";

    [CommandOption("--top <N>")]
    [Description("Show the N best trials.")]
    [DefaultValue(20)]
    public int Top { get; init; } = 20;

    [CommandOption("--runs <DIR>")]
    [Description("Where runs live (to find the latest).")]
    [DefaultValue("runs")]
    public string Runs { get; init; } = "runs";

    /// <summary>The searches a run can hold (the stage names in trials.jsonl), in the order they run.</summary>
    public static readonly string[] Stages = ["clinical", "image", "image-backbone", OsteoMl.Fusion.FusionSearch.Stage];

    public override ValidationResult Validate()
    {
        if (Compare && RunDirectories.Length != 2)
        {
            return ValidationResult.Error("--compare needs exactly two run folders: trials --compare RUN_A RUN_B.");
        }
        if (!Compare && RunDirectories.Length > 1)
        {
            return ValidationResult.Error("give one run folder, or two with --compare.");
        }
        if (!Stages.Contains(Stage))
        {
            return ValidationResult.Error($"--stage must be one of {string.Join(", ", Stages)}; got '{Stage}'.");
        }
        if (Top < 1)
        {
            return ValidationResult.Error("--top must be at least 1.");
        }
        return base.Validate();
    }
}
