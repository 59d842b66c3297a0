namespace OsteoMl.Evaluation;

/// <summary>
/// Everything measured on one set of cases: per-model metrics, paired tests, subgroups, and the tools that could not be
/// computed.
/// </summary>
public sealed record EvaluationResult(
    IReadOnlyDictionary<string, BinaryMetrics> Models,
    IReadOnlyList<PairedTest> Tests,
    IReadOnlyList<SubgroupResult> Subgroups,
    IReadOnlyDictionary<string, string> Skipped,
    IReadOnlyDictionary<string, Calibration> Recalibrated
)
{
    /// <summary>The scores and labels evaluated (in memory only, for plots; never written with identifiers).</summary>
    public IReadOnlyList<ModelScores> Inputs { get; init; } = [];

    public IReadOnlyList<bool> Labels { get; init; } = [];

    /// <summary>Net benefit of each probability model across threshold probabilities (decision-curve analysis).</summary>
    public DecisionCurve? DecisionCurve { get; init; }

    /// <summary>The simulator's Bayes ceiling on these rows (generated cohorts only).</summary>
    public AttainableAuc? Ceiling { get; init; }
}
