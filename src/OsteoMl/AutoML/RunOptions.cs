namespace OsteoMl.AutoML;

/// <summary>
/// The options a run's model was asked for, beside the search settings in <see cref="RunManifest"/>, so
/// <c>--resume</c> continues the run it names: the same zip, the same image network and evaluation, the same config.
/// A resume that sets one of them to another value is refused (exit 2); one that omits them gets the run's.
/// </summary>
public sealed record RunOptions
{
    /// <summary>The model zip, as a full path: a resume from another folder must not write ./models/osteoml.zip.</summary>
    public required string OutputModelPath { get; init; }

    /// <summary>The pipeline config file, as a full path, and the hash of the config as the run used it.</summary>
    public required string PipelinePath { get; init; }

    public required string ConfigHash { get; init; }

    /// <summary><c>--no-refit</c> (tabular-only runs).</summary>
    public bool NoRefit { get; init; }

    public required string FineTune { get; init; }
    public required string OperatingPoint { get; init; }
    public int BootstrapReplicates { get; init; }
    public string? Recalibration { get; init; }

    /// <summary>How the CSV was read: label, id and image columns (a resume reads it the same way).</summary>
    public OsteoMl.Data.CohortOptions? Cohort { get; init; }
}
