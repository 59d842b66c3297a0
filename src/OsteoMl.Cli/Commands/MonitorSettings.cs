using System.ComponentModel;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

public sealed class MonitorSettings : ModelCohortSettings
{
    [CommandOption("--out <JSON>")]
    [DefaultValue("monitor.json")]
    [Description(
        "Where to write the report (replaced atomically): the PSI, chi-square p and KS of every input, score and "
            + "image-embedding component, the flagged rate with its 95 % CI, calibration and AUC against their "
            + "held-out values where labels exist, and `alarms` (empty when nothing drifted). The exit code is 0 "
            + "whether or not alarms fire; read `alarms`."
    )]
    public string Out { get; init; } = "monitor.json";

    protected override string DataPurpose =>
        "new patients: a cohort CSV (+ images, scored here with the zip) or a predict output / worklist CSV";
}
