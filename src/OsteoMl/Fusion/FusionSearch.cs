using System.Diagnostics;
using Microsoft.ML;
using OsteoMl.AutoML;
using OsteoMl.Data;

namespace OsteoMl.Fusion;

/// <summary>
/// The fusion step's search space and trial runner. Trials work on the branches' out-of-fold probabilities
/// (computed once), so they cost milliseconds and never touch the CNN: each configuration is cross-validated
/// over the run's patient-grouped folds, the <see cref="MetaModel"/> fitted on the other folds' logits.
/// </summary>
public sealed class FusionSearch : ITrialRunner
{
    public const string Stage = "fusion";
    private readonly double[][] _logits;
    private readonly bool[] _labels;
    private readonly PatientFold[] _folds;
    private readonly ObjectiveMetric _metric;
    private readonly int _seed;

    /// <param name="outOfFold">Per branch, out-of-fold probabilities over the rows of <paramref name="folds"/>.</param>
    public FusionSearch(
        IReadOnlyList<double[]> outOfFold,
        bool[] labels,
        PatientFolds folds,
        ObjectiveMetric metric,
        int seed
    )
    {
        ArgumentNullException.ThrowIfNull(outOfFold);
        ArgumentNullException.ThrowIfNull(folds);
        if (labels.Length != folds.RowCount || outOfFold.Any(p => p.Length != folds.RowCount))
        {
            throw new ArgumentException(
                "Out-of-fold predictions and labels must cover the rows of the folds.",
                nameof(outOfFold)
            );
        }
        _logits = [.. outOfFold.Select(p => p.Select(MetaModel.Logit).ToArray())];
        _labels = labels;
        _folds = [.. folds.All()];
        _metric = metric;
        _seed = seed;
    }

    /// <summary>The weighted average's first-branch weights: 0 (second branch alone), 0.1, …, 1 (first alone).</summary>
    public static IReadOnlyList<double> DefaultWeights { get; } = [.. Enumerable.Range(0, 11).Select(i => i / 10.0)];

    /// <summary>
    /// The grid: the equal-weight logit mean, the weighted probability average at each weight, and logistic stacking
    /// at each L2 penalty.
    /// </summary>
    public static IReadOnlyList<TrialParameters> Grid(
        IEnumerable<FusionStrategy> strategies,
        IEnumerable<double> metaL2Candidates,
        IEnumerable<double>? weights = null
    ) =>
        strategies
            .Distinct()
            .SelectMany(s =>
                s switch
                {
                    FusionStrategy.MeanLogit => [Parameters(s)],
                    FusionStrategy.WeightedAverage => (weights ?? DefaultWeights).Select(w => Parameters(s, ("w", w))),
                    _ => metaL2Candidates.Select(l2 => Parameters(s, ("l2", l2))),
                }
            )
            .ToArray();

    private static TrialParameters Parameters(FusionStrategy strategy, params (string Name, double Value)[] values) =>
        new(strategy.ToString(), values.ToDictionary(v => v.Name, v => v.Value));

    /// <summary>The strategy, meta-model penalty and first-branch weight a fusion trial stands for.</summary>
    public static (FusionStrategy Strategy, float L2, double FirstWeight) Decode(TrialParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var strategy = Enum.Parse<FusionStrategy>(parameters.Trainer);
        return (
            strategy,
            strategy == FusionStrategy.LogisticStacking ? (float)parameters["l2"] : 1f,
            strategy == FusionStrategy.WeightedAverage ? parameters["w"] : 0.5
        );
    }

    /// <summary>
    /// How much a fusion rule commits to, for "the simplest of the tied": one branch alone (a weight of 0 or 1) uses
    /// one input; a blend of both — the logit mean or a weighted average — fixes one mixing weight (the logit mean's
    /// is 1/2 whatever the branches' strengths, so it is no simpler than a searched weight); stacking learns a weight
    /// per branch and a bias. Among equally simple tied rules the better ranked wins.
    /// </summary>
    public static int Complexity(TrialParameters parameters)
    {
        var (strategy, _, w) = Decode(parameters);
        return strategy switch
        {
            FusionStrategy.WeightedAverage when w is 0 or 1 => 0,
            FusionStrategy.MeanLogit or FusionStrategy.WeightedAverage => 1,
            _ => 2,
        };
    }

    /// <summary>A readable name: "image only", "clinical only", or the configuration.</summary>
    public static string Describe(TrialParameters parameters, IReadOnlyList<string> branchNames)
    {
        var (strategy, _, w) = Decode(parameters);
        return strategy == FusionStrategy.WeightedAverage && w is 0 or 1
            ? $"{branchNames[w == 1 ? 0 : 1]} only"
            : parameters.ToString();
    }

    public TrialResult Run(int trialId, TrialParameters parameters, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var (strategy, l2, firstWeight) = Decode(parameters);
        var mlContext = new MLContext(_seed);
        var scores = new List<double>();
        foreach (var fold in _folds)
        {
            var meta = MetaModel.Fit(mlContext, _logits, _labels, fold.TrainRows, strategy, l2, firstWeight);
            double[] fused = [.. fold.HeldOutRows.Select(i => meta.Predict(_logits, i))];
            scores.Add(ObjectiveScores.Compute(_metric, fused, [.. fold.HeldOutRows.Select(i => _labels[i])]));
        }
        var (mean, low, high) = FoldStatistics.MeanWithInterval(scores);
        bool ok = scores.All(double.IsFinite);
        return new TrialResult
        {
            Id = trialId,
            Stage = Stage,
            Trainer = parameters.Trainer,
            Hyperparameters = parameters.Values,
            Status = ok ? TrialStatus.Completed : TrialStatus.Failed,
            Metric = _metric,
            FoldScores = ok ? [.. scores.Select(s => Math.Round(s, 6))] : [],
            Mean = ok ? mean : double.NaN,
            CiLow = ok ? low : double.NaN,
            CiHigh = ok ? high : double.NaN,
            DurationSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
            Cost = 0.001,
            Error = ok ? null : "the metric is undefined on a fold",
        };
    }
}
