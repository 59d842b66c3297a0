namespace OsteoMl.Workflows;

/// <summary>What <see cref="PerformanceBenchmark"/> measured (images/s by path; milliseconds; seconds; MiB).</summary>
public sealed record PerformanceResult(
    int Images,
    int Cores,
    IReadOnlyDictionary<string, double> ImagesPerSecond,
    double? PredictLatencyP50Ms,
    double? PredictLatencyP95Ms,
    double? TrainSeconds,
    double PeakWorkingSetMiB
);
