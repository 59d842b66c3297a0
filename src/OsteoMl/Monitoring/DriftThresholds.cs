namespace OsteoMl.Monitoring;

/// <summary>
/// When a difference from the reference is an alarm (docs/monitoring.md explains each default). A distribution
/// alarms only when it is both statistically unlikely under no drift (chi-square p below
/// <see cref="FamilyAlpha"/> divided by the number of tests in the report) and large enough to matter (PSI at
/// least <see cref="MinimumPsi"/>); the PSI then grades it by the industry convention (under 0.1 minor, 0.1–0.25
/// moderate, 0.25 and over significant).
/// </summary>
public sealed record DriftThresholds
{
    public static DriftThresholds Default { get; } = new();

    /// <summary>The chance that a window with no drift raises any distribution alarm (Bonferroni over the tests).</summary>
    public double FamilyAlpha { get; init; } = 0.01;

    /// <summary>The smallest PSI that alarms however large the window (about a 0.14 SD shift of a mean).</summary>
    public double MinimumPsi { get; init; } = 0.02;

    public double ModeratePsi { get; init; } = 0.10;
    public double SignificantPsi { get; init; } = 0.25;

    /// <summary>Fewer rows than this in a distribution: reported, never tested (too noisy to act on).</summary>
    public int MinimumRows { get; init; } = 50;

    /// <summary>
    /// The flagged rate's own test level: one test, pre-specified, because it is what the service acts on (a window
    /// with no drift raises this alarm with probability ≤ 1 %, and any distribution alarm with probability ≤ 1 %).
    /// </summary>
    public double FlaggedRateAlpha { get; init; } = 0.01;

    /// <summary>The smallest change of the flagged rate (absolute) that alarms: one more referral in twenty.</summary>
    public double MinimumFlaggedChange { get; init; } = 0.05;

    /// <summary>
    /// The chance that a labelled window of an unchanged model raises any of the three labelled alarms (calibration
    /// intercept, slope, AUC vs their held-out values at training; Bonferroni over the three).
    /// </summary>
    public double LabelledFamilyAlpha { get; init; } = 0.05;

    /// <summary>Labelled statistics need at least this many positives and negatives.</summary>
    public int MinimumPerClass { get; init; } = 10;

    /// <summary>The PSI's grade by the usual convention (Siddiqi 2006; Yurdakul 2018).</summary>
    public string Grade(double psi) =>
        psi >= SignificantPsi ? "significant"
        : psi >= ModeratePsi ? "moderate"
        : "minor";
}
