namespace OsteoMl.Monitoring;

/// <summary>
/// One monitored distribution (a clinical input or a score) against its reference histogram: rows counted, PSI,
/// chi-square test of homogeneity, binned KS distance, and the verdict. Null statistics were not computable.
/// </summary>
public sealed record DriftStatistic
{
    public required string Name { get; init; }

    /// <summary>Rows (patients) of the new sample in this distribution; the reference's count.</summary>
    public required int Rows { get; init; }
    public required int ReferenceRows { get; init; }
    public int Bins { get; init; }
    public double? Psi { get; init; }
    public double? ChiSquare { get; init; }
    public int DegreesOfFreedom { get; init; }
    public double? P { get; init; }
    public double? Ks { get; init; }

    /// <summary>"none", "minor", "moderate", "significant", or "not tested" (too few rows).</summary>
    public required string Shift { get; init; }
    public required bool Alarm { get; init; }
}
