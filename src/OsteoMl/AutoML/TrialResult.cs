using System.Text.Json.Serialization;

namespace OsteoMl.AutoML;

/// <summary>
/// One finished trial, immutable: what was tried, the metric on each cross-validation fold, the fold mean with
/// a 95 % t-interval across folds, and what it cost. One line of <c>trials.jsonl</c>.
/// </summary>
public sealed record TrialResult
{
    public required int Id { get; init; }

    /// <summary>Which search this trial belongs to: <c>clinical</c>, <c>image</c> or <c>fusion</c>.</summary>
    public required string Stage { get; init; }

    public required string Trainer { get; init; }
    public required IReadOnlyDictionary<string, double> Hyperparameters { get; init; }
    public required TrialStatus Status { get; init; }
    public required ObjectiveMetric Metric { get; init; }

    /// <summary>The metric on each held-out fold, in fold order (the same folds for every trial of a run).</summary>
    public IReadOnlyList<double> FoldScores { get; init; } = [];

    public double Mean { get; init; } = double.NaN;
    public double CiLow { get; init; } = double.NaN;
    public double CiHigh { get; init; } = double.NaN;

    /// <summary>Wall-clock seconds (informative only: tuners use <see cref="Cost"/>, which is reproducible).</summary>
    public double DurationSeconds { get; init; }

    /// <summary>Deterministic cost estimate from the trainer's cost model (relative work units).</summary>
    public double Cost { get; init; }

    public string? Error { get; init; }

    [JsonIgnore]
    public TrialParameters Parameters => new(Trainer, Hyperparameters);

    /// <summary>What tuners minimise: 1 − AUC/AUPRC, or log-loss; +∞ for a trial without a score.</summary>
    [JsonIgnore]
    public double Loss =>
        Status != TrialStatus.Completed || !double.IsFinite(Mean) ? double.PositiveInfinity
        : Metric == ObjectiveMetric.LogLoss ? Mean
        : 1 - Mean;
}
