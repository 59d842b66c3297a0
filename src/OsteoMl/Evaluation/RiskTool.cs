namespace OsteoMl.Evaluation;

/// <summary>
/// A traditional osteoporosis screening tool computed from clinical columns: its risk score per row (higher =
/// more likely osteoporosis; NaN where an input is missing) and its published referral cut-off on that scale —
/// or, when its inputs are absent, why it was skipped.
/// </summary>
public sealed record RiskTool(
    string Name,
    string Definition,
    double[]? Scores,
    double PublishedThreshold,
    string? SkippedBecause
)
{
    /// <summary>
    /// The tool as a compared model at its published cut-off (a risk score, not a probability); null when skipped.
    /// </summary>
    public ModelScores? AsModel() =>
        Scores is null ? null : new ModelScores(Name, Scores, PublishedThreshold, IsProbability: false);

    /// <summary>Why each skipped tool of <paramref name="tools"/> was skipped, by name.</summary>
    public static IReadOnlyDictionary<string, string> SkippedReasons(IEnumerable<RiskTool> tools) =>
        tools.Where(t => t.Scores is null).ToDictionary(t => t.Name, t => t.SkippedBecause ?? "not computed");
}
