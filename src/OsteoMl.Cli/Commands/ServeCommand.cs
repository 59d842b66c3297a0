using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using OsteoMl.Common;
using OsteoMl.Serving;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

/// <summary>
/// <c>osteoml serve</c>: the model as an HTTP service until Ctrl+C or SIGTERM, both of which let requests in flight
/// finish. Exit 2 when the model does not load or the address is taken.
/// </summary>
public sealed class ServeCommand(IAnsiConsole console) : AsyncCommand<ServeSettings>
{
    public override async Task<int> ExecuteAsync(
        CommandContext context,
        ServeSettings settings,
        CancellationToken cancellationToken
    )
    {
        var options = new ServeOptions
        {
            ModelPath = settings.Model,
            ImagesFolder = settings.Images is { } images ? Path.GetFullPath(images) : null,
            ApiKey = ApiKey(settings),
            MaxRequestBytes = (long)settings.MaxRequestMb << 20,
            RequestTimeout = TimeSpan.FromSeconds(settings.TimeoutSeconds),
        };
        await using var app = ServeApp.Build(options);
        foreach (string url in settings.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            app.Urls.Add(url);
        }
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            throw new UserInputException($"cannot listen on {settings.Urls}: {e.Message}");
        }
        string key = options.ApiKey is null ? "" : "; API key required";
        console.MarkupLineInterpolated(
            $"Serving [green]{Path.GetFileName(settings.Model)}[/] on {string.Join(", ", app.Urls)} (POST /predict, GET /health /model /metrics /openapi/v1.json{key}). Ctrl+C stops."
        );
        await app.WaitForShutdownAsync(cancellationToken);
        return ExitCodes.Success;
    }

    private static string? ApiKey(ServeSettings settings) =>
        settings.ApiKeyFile is { } file ? PrivateFile.FirstLine(file, "API key")
        : Environment.GetEnvironmentVariable(ServeSettings.ApiKeyVariable) is { Length: > 0 } key ? key
        : null;
}
