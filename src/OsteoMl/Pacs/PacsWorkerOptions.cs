using OsteoMl.Screening;

namespace OsteoMl.Pacs;

/// <summary>How the PACS worker runs: its files, whether it stops when the feed is drained, and its rules.</summary>
public sealed record PacsWorkerOptions
{
    public required string WorklistPath { get; init; }
    public required string StatePath { get; init; }

    /// <summary>Process what is pending and return; otherwise follow the feed until cancelled.</summary>
    public bool Once { get; init; }

    /// <summary>How long to wait for new changes once the feed is drained (following mode).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Changes read per request, and so at most the films scored in one ML.NET pass.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Films fetched and decoded at once (Orthanc transcodes and sends while this process decodes).</summary>
    public int FetchConcurrency { get; init; } = Math.Clamp(Environment.ProcessorCount, 2, 4);

    public EligibilityRules Rules { get; init; } = EligibilityRules.Default;
}
