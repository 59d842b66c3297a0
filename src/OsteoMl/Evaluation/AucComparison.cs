namespace OsteoMl.Evaluation;

/// <summary>
/// A paired comparison of two AUCs on the same cases: the difference, the DeLong z and its two-sided p.
/// </summary>
public sealed record AucComparison(double AucA, double AucB, double Difference, double Z, double P);
