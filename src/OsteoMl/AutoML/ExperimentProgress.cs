namespace OsteoMl.AutoML;

/// <summary>A live report after each trial: counts, the best score so far and the time left.</summary>
public sealed record ExperimentProgress(
    string Stage,
    int TrialsDone,
    int? MaxTrials,
    TrialResult Last,
    TrialResult? Best,
    TimeSpan Elapsed,
    TimeSpan? Remaining
);
