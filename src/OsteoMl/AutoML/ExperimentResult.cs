namespace OsteoMl.AutoML;

/// <summary>What a search did: every trial in order, the best completed one, and why it stopped.</summary>
public sealed record ExperimentResult(
    IReadOnlyList<TrialResult> Trials,
    TrialResult? Best,
    string StopReason,
    int ReplayedTrials
);
