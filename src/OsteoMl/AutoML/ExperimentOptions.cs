namespace OsteoMl.AutoML;

/// <summary>
/// When a search stops: after <see cref="MaxTrials"/> trials or <see cref="TimeBudget"/>, whichever comes first.
/// </summary>
public sealed record ExperimentOptions
{
    public string Stage { get; init; } = "clinical";

    /// <summary>Total trials of this stage, including those replayed from a resumed log. Null: no limit.</summary>
    public int? MaxTrials { get; init; }

    /// <summary>Total search time of this stage, including the replayed trials' durations. Null: no limit.</summary>
    public TimeSpan? TimeBudget { get; init; }
}
