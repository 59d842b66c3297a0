namespace OsteoMl.Pacs;

/// <summary>
/// One retry <see cref="OrthancClient"/> is about to make, for the caller's log. <see cref="ToString"/> reads e.g.
/// "Orthanc unreachable (connection refused) on GET /changes; retry 3 in 2 s".
/// </summary>
/// <param name="Reason">What went wrong, e.g. "connection refused", "timed out", "HTTP 503".</param>
/// <param name="Request">Method and path, e.g. "GET /system".</param>
/// <param name="Retry">1-based retry number.</param>
public sealed record OrthancRetry(string Reason, string Request, int Retry, TimeSpan Delay)
{
    public override string ToString() =>
        $"Orthanc unreachable ({Reason}) on {Request}; retry {Retry} in {Delay.TotalSeconds:0.#} s";
}
