namespace OsteoMl.AutoML;

/// <summary>What <see cref="TunerBenchmark"/> measured: baselines and best scores per tuner, budget and seed.</summary>
public sealed record TunerBenchmarkResult(
    string Data,
    int Rows,
    ObjectiveMetric Metric,
    int Folds,
    IReadOnlyList<TunerBenchmarkResult.Baseline> Baselines,
    IReadOnlyList<TunerBenchmarkResult.Search> Searches
)
{
    public sealed record Baseline(string Name, int Seed, double Score, double Seconds);

    public sealed record Search(
        string Tuner,
        double BudgetSeconds,
        int Seed,
        double BestScore,
        string? BestTrainer,
        int Trials
    );
}
