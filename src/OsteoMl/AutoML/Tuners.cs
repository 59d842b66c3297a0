namespace OsteoMl.AutoML;

/// <summary>Tuner and metric names as users type them (<c>--tuner cfo</c>, <c>--metric auc</c>).</summary>
public static class Tuners
{
    public static IReadOnlyList<string> Names { get; } = ["cfo", "random"];

    /// <summary>The canonical tuner name, or null when unknown.</summary>
    public static string? Parse(string name) =>
        Names.FirstOrDefault(n => string.Equals(n, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static ITuner Create(string name, IReadOnlyList<SearchableTrainer> trainers, int seed) => Parse(name) switch
    {
        "cfo" => new CfoTuner(trainers, seed),
        "random" => new RandomSearchTuner(trainers, seed),
        _ => throw new ArgumentException($"Unknown tuner '{name}'; use {string.Join(" or ", Names)}.", nameof(name)),
    };

    public static ObjectiveMetric? ParseMetric(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "auc" => ObjectiveMetric.Auc,
        "auprc" or "aupr" => ObjectiveMetric.Auprc,
        "logloss" or "log-loss" => ObjectiveMetric.LogLoss,
        _ => null,
    };
}
