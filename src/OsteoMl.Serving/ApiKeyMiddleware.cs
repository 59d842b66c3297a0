using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace OsteoMl.Serving;

/// <summary>
/// With an API key set, every request but <c>/health</c> (for load-balancer probes) must carry it in
/// <c>X-Api-Key</c>; compared in constant time so response timing does not reveal it.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, ServeOptions options)
{
    public const string Header = "X-Api-Key";
    private readonly byte[]? _key = options.ApiKey is { } key ? Encoding.UTF8.GetBytes(key) : null;

    public Task InvokeAsync(HttpContext context)
    {
        if (_key is null || context.Request.Path == "/health" || Matches(context.Request.Headers[Header].ToString()))
        {
            return next(context);
        }
        return Results
            .Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "missing or wrong API key",
                detail: $"send the service's key in the {Header} header."
            )
            .ExecuteAsync(context);
    }

    private bool Matches(string given) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(_key!));
}
