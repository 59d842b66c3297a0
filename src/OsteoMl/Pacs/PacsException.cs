namespace OsteoMl.Pacs;

/// <summary>
/// A PACS request that failed for good: a 4xx answer (wrong credentials, unknown resource), or a transient failure
/// that outlasted the retry deadline. The message names the request path and the HTTP status, never the
/// credentials or patient data.
/// </summary>
public sealed class PacsException(string message, string requestPath, int? statusCode, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The path and query of the failed request, e.g. <c>/changes?since=0&amp;limit=100</c>.</summary>
    public string RequestPath { get; } = requestPath;

    /// <summary>The HTTP status Orthanc answered, or null when it could not be reached.</summary>
    public int? StatusCode { get; } = statusCode;
}
