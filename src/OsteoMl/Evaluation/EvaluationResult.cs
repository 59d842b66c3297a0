namespace OsteoMl.Evaluation;

/// <summary>Everything measured on one set of cases: per-model metrics, paired tests, subgroups, and the tools that could not be computed.</summary>
public sealed record EvaluationResult(
    IReadOnlyDictionary<string, BinaryMetrics> Models,
    IReadOnlyList<PairedTest> Tests,
    IReadOnlyList<SubgroupResult> Subgroups,
    IReadOnlyDictionary<string, string> Skipped,
    IReadOnlyDictionary<string, Calibration> Recalibrated);
