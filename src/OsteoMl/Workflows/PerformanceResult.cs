namespace OsteoMl.Workflows;

/// <summary>What <see cref="PerformanceBenchmark"/> measured (images/s by path; milliseconds; seconds; MiB).</summary>
/// <param name="Int8">The int8 backbone against the float one on the same films (null: not measured).</param>
/// <param name="Latencies">Single-patient predict through each zip timed.</param>
public sealed record PerformanceResult(
    int Images,
    int Cores,
    IReadOnlyDictionary<string, double> ImagesPerSecond,
    Int8Agreement? Int8,
    IReadOnlyList<ZipLatency> Latencies,
    double? TrainSeconds,
    double PeakWorkingSetMiB
);
