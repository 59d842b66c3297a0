using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OsteoMl.Serving;

/// <summary>
/// One structured log line and one metrics sample per request: method, endpoint, status, milliseconds and the model's
/// hash. Never the body, the query string or a header: those can carry patient identifiers and the API key.
/// </summary>
internal sealed class RequestLogMiddleware(
    RequestDelegate next,
    ILogger<RequestLogMiddleware> log,
    ServiceMetrics metrics,
    ModelHost host
)
{
    private static readonly HashSet<string> Endpoints =
    [
        "/predict",
        "/health",
        "/model",
        "/metrics",
        "/openapi/v1.json",
    ];

    public async Task InvokeAsync(HttpContext context)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await next(context);
        }
        finally
        {
            string path = context.Request.Path.Value ?? "";
            string endpoint = Endpoints.Contains(path) ? path : "other";
            int status = context.Response.StatusCode;
            metrics.Request(endpoint, status, clock.Elapsed);
            log.LogInformation(
                "{Method} {Endpoint} {Status} {ElapsedMs:0.0} ms model {ModelHash}",
                context.Request.Method,
                endpoint,
                status,
                clock.Elapsed.TotalMilliseconds,
                host.CurrentHash
            );
        }
    }
}
