namespace OsteoMl.Pacs;

/// <summary>What one run of the worker did: counts only (logs and summaries never carry patient data).</summary>
public sealed record PacsRunSummary
{
    public int Scored { get; init; }
    public int Flagged { get; init; }
    public int Ineligible { get; init; }
    public int Errors { get; init; }

    /// <summary>Films whose report was already in the PACS (a rerun after a crash or a lost state file).</summary>
    public int AlreadyReported { get; init; }

    /// <summary>Films skipped because the worklist already lists them.</summary>
    public int AlreadyListed { get; init; }
    public TimeSpan Elapsed { get; init; }

    /// <summary>Wall time fetching films from Orthanc and decoding them (a few at once).</summary>
    public TimeSpan Fetching { get; init; }

    /// <summary>Wall time in the zip (ML.NET: image loading, film graph, backbone, branches, fusion).</summary>
    public TimeSpan Scoring { get; init; }

    /// <summary>Wall time looking up and storing reports and writing the worklist.</summary>
    public TimeSpan Reporting { get; init; }

    public int Seen => Scored + Ineligible + Errors;

    public PacsRunSummary Add(PacsRunSummary other) =>
        new()
        {
            Scored = Scored + other.Scored,
            Flagged = Flagged + other.Flagged,
            Ineligible = Ineligible + other.Ineligible,
            Errors = Errors + other.Errors,
            AlreadyReported = AlreadyReported + other.AlreadyReported,
            AlreadyListed = AlreadyListed + other.AlreadyListed,
            Elapsed = Elapsed + other.Elapsed,
            Fetching = Fetching + other.Fetching,
            Scoring = Scoring + other.Scoring,
            Reporting = Reporting + other.Reporting,
        };
}
