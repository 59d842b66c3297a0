namespace OsteoMl.Evaluation;

/// <summary>
/// A traditional osteoporosis screening tool computed from clinical columns: its risk score per row (higher =
/// more likely osteoporosis; NaN where an input is missing) and its published referral cut-off on that scale —
/// or, when its inputs are absent, why it was skipped.
/// </summary>
public sealed record RiskTool(string Name, string Definition, double[]? Scores, double PublishedThreshold, string? SkippedBecause);
