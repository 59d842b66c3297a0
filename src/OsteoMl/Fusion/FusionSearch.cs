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

    /// <summary>The grid: the equal-weight logit mean, and logistic stacking at each L2 penalty.</summary>
    public static IReadOnlyList<TrialParameters> Grid(
        IEnumerable<FusionStrategy> strategies,
        IEnumerable<double> metaL2Candidates
    ) =>
        strategies
            .Distinct()
            .SelectMany(s =>
                s == FusionStrategy.MeanLogit
                    ? [new TrialParameters(nameof(FusionStrategy.MeanLogit), new Dictionary<string, double>())]
                    : metaL2Candidates.Select(l2 => new TrialParameters(
                        nameof(FusionStrategy.LogisticStacking),
                        new Dictionary<string, double> { ["l2"] = l2 }
                    ))
            )
            .ToArray();

    /// <summary>The strategy and meta-model penalty a fusion trial stands for.</summary>
    public static (FusionStrategy Strategy, float L2) Decode(TrialParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var strategy = Enum.Parse<FusionStrategy>(parameters.Trainer);
        return (strategy, strategy == FusionStrategy.LogisticStacking ? (float)parameters["l2"] : 1f);
    }

    public TrialResult Run(int trialId, TrialParameters parameters, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var (strategy, l2) = Decode(parameters);
        var mlContext = new MLContext(_seed);
        var scores = new List<double>();
        foreach (var fold in _folds)
        {
            var meta = MetaModel.Fit(mlContext, _logits, _labels, fold.TrainRows, strategy, l2);
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
