using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

public sealed class ServeSettings : GlobalSettings
{
    /// <summary>The environment variable that may hold the API key (never a command-line option).</summary>
    public const string ApiKeyVariable = "OSTEOML_SERVE_API_KEY";

    [CommandOption("--model <ZIP>")]
    [DefaultValue("models/osteoml.zip")]
    [Description("The model zip to serve. Replace it atomically (write elsewhere, then rename over it) to reload.")]
    public string Model { get; init; } = Path.Combine("models", "osteoml.zip");

    [CommandOption("--urls <URLS>")]
    [DefaultValue("http://127.0.0.1:5080")]
    [Description("Where to listen, ';'-separated (default: this machine only). Put TLS in a reverse proxy.")]
    public string Urls { get; init; } = "http://127.0.0.1:5080";

    [CommandOption("--images <DIR>")]
    [Description("Folder that a JSON request's `image` is read under (paths outside it are refused).")]
    public string? Images { get; init; }

    [CommandOption("--api-key-file <FILE>")]
    [Description(
        "A file (mode 0600) whose first line is the API key clients send in X-Api-Key; otherwise "
            + ApiKeyVariable
            + ", if set. Never on the command line. /health needs no key."
    )]
    public string? ApiKeyFile { get; init; }

    [CommandOption("--max-request-mb <MB>")]
    [DefaultValue(64)]
    [Description("Largest request body in MiB (a film upload).")]
    public int MaxRequestMb { get; init; } = 64;

    [CommandOption("--timeout <SECONDS>")]
    [DefaultValue(30)]
    [Description("Time limit for reading a request and waiting for a scoring slot (504 after it).")]
    public int TimeoutSeconds { get; init; } = 30;

    public override ValidationResult Validate()
    {
        if (MaxRequestMb is < 1 or > 1024)
        {
            return ValidationResult.Error("--max-request-mb must be between 1 and 1024.");
        }
        if (TimeoutSeconds is < 1 or > 3600)
        {
            return ValidationResult.Error("--timeout must be between 1 and 3600 seconds.");
        }
        if (Images is { } folder && !Directory.Exists(folder))
        {
            return ValidationResult.Error($"--images: no folder {folder}.");
        }
        return base.Validate();
    }
}
