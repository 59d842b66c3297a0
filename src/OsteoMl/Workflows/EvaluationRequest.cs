using OsteoMl.Data;

namespace OsteoMl.Workflows;

/// <summary>An external validation: a trained zip, a labelled cohort, and how to compute intervals.</summary>
public sealed record EvaluationRequest
{
    public required string ModelPath { get; init; }
    public required string DataPath { get; init; }
    public CohortOptions Cohort { get; init; } = new();

    /// <summary>Where the zip's CNN runs (resolved).</summary>
    public OsteoMl.Imaging.ComputeDevice Device { get; init; } = OsteoMl.Imaging.ComputeDevice.Cpu;

    /// <summary>0: DeLong intervals; otherwise stratified bootstrap replicates.</summary>
    public int BootstrapReplicates { get; init; }

    /// <summary>Refuse category values the model never saw instead of warning about them.</summary>
    public bool Strict { get; init; }
}
