using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace OsteoMl.Serving;

/// <summary>
/// <c>osteoml serve</c>'s web application: <c>POST /predict</c>, <c>GET /health</c>, <c>GET /model</c>,
/// <c>GET /metrics</c> and the OpenAPI document at <c>/openapi/v1.json</c>, over a model that reloads when its file is
/// replaced. SIGTERM stops taking requests and lets those in flight finish (the host's shutdown timeout).
/// </summary>
public static class ServeApp
{
    /// <summary>Answers use the CSV's snake_case names (<c>p_fused</c>, <c>model_hash</c>).</summary>
    public static JsonSerializerOptions Json { get; } =
        new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <param name="configure">Lets a caller choose the server (tests: the in-process test server).</param>
    /// <exception cref="OsteoMl.Model.ModelFileException">The model does not load.</exception>
    public static WebApplication Build(ServeOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateBuilder(
            new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory }
        );
        ConfigureLogging(builder.Logging, options);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxRequestBytes);
        builder.Services.Configure<FormOptions>(f => f.MultipartBodyLengthLimit = options.MaxRequestBytes);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.ConfigureHttpJsonOptions(j =>
            j.SerializerOptions.PropertyNamingPolicy = Json.PropertyNamingPolicy
        );
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ServiceMetrics>();
        builder.Services.AddSingleton(new RequestScorer(options.MaxConcurrentScoring));
        builder.Services.AddSingleton(sp => NewHost(options, sp));
        builder.Services.AddHostedService<ModelWatcher>();
        builder.Services.AddOpenApi();
        configure?.Invoke(builder);

        var app = builder.Build();
        // Load now: a model that does not load stops the service at start, not at its first request.
        app.Services.GetRequiredService<ModelHost>();
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseMiddleware<ApiKeyMiddleware>();
        MapEndpoints(app);
        return app;
    }

    private static ModelHost NewHost(ServeOptions options, IServiceProvider services)
    {
        var host = new ModelHost(options.ModelPath, services.GetRequiredService<ILogger<ModelHost>>());
        var metrics = services.GetRequiredService<ServiceMetrics>();
        metrics.Serving(host.CurrentHash);
        host.Reloaded += (old, @new) => metrics.Serving(@new, old);
        host.ReloadFailed += metrics.ReloadFailed;
        metrics.WatchDrift(() =>
        {
            using var lease = host.Acquire();
            return lease.Model.Drift;
        });
        return host;
    }

    private static void MapEndpoints(WebApplication app)
    {
        app.MapPost("/predict", PredictEndpoint.HandleAsync)
            .Accepts<Dictionary<string, JsonElement>>("application/json", "multipart/form-data")
            .Produces<PredictionAnswer>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Score one film (JSON row with `image` under --images, or a multipart `film` upload).");
        app.MapGet(
                "/health",
                (ModelHost host) => Results.Json(new { Status = "ok", ModelHash = host.CurrentHash }, Json)
            )
            .WithSummary("Liveness and the served model's hash (no API key needed).");
        app.MapGet("/model", ModelDescription)
            .WithSummary("The served model: hash, card, input/output schema and thresholds.");
        app.MapMetrics("/metrics", app.Services.GetRequiredService<ServiceMetrics>().Registry);
        app.MapOpenApi();
    }

    private static IResult ModelDescription(ModelHost host)
    {
        using var lease = host.Acquire();
        var served = lease.Model;
        return Results.Json(
            new
            {
                File = Path.GetFileName(host.Path),
                served.Hash,
                served.LoadedAt,
                served.Card,
                served.Schema,
            },
            Json
        );
    }

    private static void ConfigureLogging(ILoggingBuilder logging, ServeOptions options)
    {
        logging.ClearProviders();
        if (!options.LogToConsole)
        {
            return;
        }
        logging.AddJsonConsole(j => j.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ");
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
    }
}
