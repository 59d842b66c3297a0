namespace OsteoMl.Reporting;

/// <summary>How one image network was trained (metrics.json <c>image_network</c>, the report, the console).</summary>
public sealed record ImageNetworkSummary(
    string Variant,
    string Mode,
    int Epochs,
    int BestEpoch,
    double BestValidationAuc,
    double ImagesPerSecond,
    double CachingSeconds,
    double DurationSeconds,
    bool Saved,
    int Threads
);
