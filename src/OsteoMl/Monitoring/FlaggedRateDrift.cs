using OsteoMl.Evaluation;

namespace OsteoMl.Monitoring;

/// <summary>
/// The share of patients the frozen threshold flags, now (with its Wilson interval) and at training (held-out
/// patients), with the chi-square test of the 2 × 2 table.
/// </summary>
public sealed record FlaggedRateDrift
{
    public required Proportion Current { get; init; }
    public required Proportion Reference { get; init; }
    public double P { get; init; }
    public required bool Alarm { get; init; }
}
