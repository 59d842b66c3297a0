using OsteoMl.Common;

namespace OsteoMl.AutoML;

/// <summary>Tuner and metric names as users type them (<c>--tuner cfo</c>, <c>--metric auc</c>).</summary>
public static class Tuners
{
    public static IReadOnlyList<string> Names { get; } = ["cfo", "random"];

    /// <summary>The canonical tuner name, or null when unknown.</summary>
    public static string? Parse(string name) =>
        Names.FirstOrDefault(n => string.Equals(n, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static ITuner Create(string name, IReadOnlyList<SearchableTrainer> trainers, int seed) =>
        Parse(name) switch
        {
            "cfo" => new CfoTuner(trainers, seed),
            "random" => new RandomSearchTuner(trainers, seed),
            _ => throw new ArgumentException(UnknownTunerMessage(name), nameof(name)),
        };

    /// <summary>The one message for an unknown tuner name (options, pipeline configs).</summary>
    public static string UnknownTunerMessage(string name) =>
        $"unknown tuner '{name}'; use {string.Join(" or ", Names)}.";

    /// <summary>The one message for an unknown metric name.</summary>
    public static string UnknownMetricMessage(string name) => $"unknown metric '{name}'; use auc, auprc or logloss.";

    /// <summary>
    /// The canonical tuner name, or a <see cref="UserInputException"/> naming <paramref name="where"/>.
    /// </summary>
    public static string ParseOrThrow(string name, string where) =>
        Parse(name) ?? throw new UserInputException(UnknownTunerMessage(name), where);

    /// <summary>The metric, or a <see cref="UserInputException"/> naming <paramref name="where"/>.</summary>
    public static ObjectiveMetric ParseMetricOrThrow(string name, string where) =>
        ParseMetric(name) ?? throw new UserInputException(UnknownMetricMessage(name), where);

    public static ObjectiveMetric? ParseMetric(string name) =>
        name?.Trim().ToLowerInvariant() switch
        {
            "auc" => ObjectiveMetric.Auc,
            "auprc" or "aupr" => ObjectiveMetric.Auprc,
            "logloss" or "log-loss" => ObjectiveMetric.LogLoss,
            _ => null,
        };
}
