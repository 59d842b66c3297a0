namespace OsteoMl.Pacs;

/// <summary>
/// How <see cref="OrthancClient"/> rides out an Orthanc that is restarting or overloaded: transient failures
/// (connection refused or reset, a request timeout, a 5xx) are retried after <see cref="InitialDelay"/>, doubling
/// up to <see cref="MaximumDelay"/>, until <see cref="Deadline"/> has passed since the first attempt.
/// </summary>
public sealed record OrthancRetryPolicy
{
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(0.5);
    public TimeSpan MaximumDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Overall time for one operation, retries included; <see cref="Timeout.InfiniteTimeSpan"/>: until
    /// cancelled (a worker that should wait out any outage).</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>One attempt's limit; an attempt that takes longer counts as a transient failure.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>The wait before retry <paramref name="retry"/> (1-based).</summary>
    public TimeSpan DelayBefore(int retry)
    {
        double factor = Math.Pow(2, Math.Min(retry - 1, 30));
        double milliseconds = Math.Min(InitialDelay.TotalMilliseconds * factor, MaximumDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(milliseconds);
    }
}
