namespace OsteoMl.Serving;

/// <summary>What <c>osteoml serve</c> runs with. The API key is never a command-line value (it would show in
/// <c>ps</c> and shell history): the CLI reads it from the environment or a file.</summary>
public sealed record ServeOptions
{
    /// <summary>The model zip; replacing it atomically (write elsewhere, rename over it) reloads the service.</summary>
    public required string ModelPath { get; init; }

    /// <summary>The folder a JSON request's <c>image</c> is resolved under; null: JSON requests carry no film.</summary>
    public string? ImagesFolder { get; init; }

    /// <summary>Requests without this value in <c>X-Api-Key</c> get 401 (all but <c>/health</c>); null: no key.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Largest request body: a 3000 × 3000 16-bit DICOM film is 18 MB uncompressed.</summary>
    public long MaxRequestBytes { get; init; } = 64L << 20;

    /// <summary>A request still scoring after this long gets 504 (its scoring finishes in the background).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the model file is checked for replacement.</summary>
    public TimeSpan ReloadPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Films scored at once; more wait their turn. Each scoring already uses every core through ONNX Runtime's own
    /// threads, so more at once only adds memory.
    /// </summary>
    public int MaxConcurrentScoring { get; init; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>One JSON line per request on stdout (no bodies, no patient identifiers); off in in-process tests.</summary>
    public bool LogToConsole { get; init; } = true;
}
