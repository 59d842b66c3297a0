using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using OsteoMl.AutoML;
using OsteoMl.Data;

namespace OsteoMl.Fusion;

/// <summary>
/// The fusion step's search space and trial runner. Trials work on the branches' out-of-fold probabilities
/// (computed once), so they cost milliseconds and never touch the CNN: each configuration is cross-validated
/// over the same patient-grouped folds, the meta-model fitted on the other folds' logits.
/// </summary>
public sealed class FusionSearch : ITrialRunner
{
    public const string Stage = "fusion";
    private readonly double[][] _logits;
    private readonly bool[] _labels;
    private readonly int[] _folds;
    private readonly ObjectiveMetric _metric;
    private readonly int _seed;

    /// <param name="outOfFold">Per branch, out-of-fold probabilities over the training rows.</param>
    public FusionSearch(IReadOnlyList<double[]> outOfFold, bool[] labels, IReadOnlyList<string> patientKeys, int folds, ObjectiveMetric metric, int seed)
    {
        _logits = outOfFold.Select(p => p.Select(StackingEstimator.Logit).ToArray()).ToArray();
        _labels = labels;
        _folds = PatientSplitter.AssignFolds(patientKeys, labels, folds, seed);
        _metric = metric;
        _seed = seed;
    }

    /// <summary>The grid: the equal-weight logit mean, and logistic stacking at each L2 penalty.</summary>
    public static IReadOnlyList<TrialParameters> Grid(IEnumerable<FusionStrategy> strategies, IEnumerable<double> metaL2Candidates) =>
        strategies.Distinct().SelectMany(s => s == FusionStrategy.MeanLogit
                ? [new TrialParameters(nameof(FusionStrategy.MeanLogit), new Dictionary<string, double>())]
                : metaL2Candidates.Select(l2 => new TrialParameters(nameof(FusionStrategy.LogisticStacking), new Dictionary<string, double> { ["l2"] = l2 })))
            .ToArray();

    public TrialResult Run(int trialId, TrialParameters parameters, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var strategy = Enum.Parse<FusionStrategy>(parameters.Trainer);
        var scores = new List<double>();
        var mlContext = new MLContext(_seed);
        foreach (int fold in _folds.Distinct().Order())
        {
            int[] heldOut = Enumerable.Range(0, _labels.Length).Where(i => _folds[i] == fold).ToArray();
            int[] train = Enumerable.Range(0, _labels.Length).Where(i => _folds[i] != fold).ToArray();
            double[] fused = strategy == FusionStrategy.MeanLogit
                ? heldOut.Select(i => Sigmoid(_logits.Average(l => l[i]))).ToArray()
                : PredictLogistic(FitLogistic(mlContext, train, (float)parameters["l2"]), heldOut);
            scores.Add(ObjectiveScores.Compute(_metric, fused, heldOut.Select(i => _labels[i]).ToArray()));
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
            FoldScores = ok ? scores.Select(s => Math.Round(s, 6)).ToArray() : [],
            Mean = ok ? mean : double.NaN,
            CiLow = ok ? low : double.NaN,
            CiHigh = ok ? high : double.NaN,
            DurationSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
            Cost = 0.001,
            Error = ok ? null : "the metric is undefined on a fold",
        };
    }

    private double[] PredictLogistic((double[] Weights, double Bias) model, int[] rows) =>
        rows.Select(i => Sigmoid(model.Bias + model.Weights.Select((w, b) => w * _logits[b][i]).Sum())).ToArray();

    private (double[] Weights, double Bias) FitLogistic(MLContext mlContext, int[] rows, float l2)
    {
        var data = mlContext.Data.LoadFromEnumerable(
            rows.Select(i => new MetaRow { Label = _labels[i], Features = _logits.Select(l => (float)l[i]).ToArray() }),
            MetaRow.Schema(_logits.Length));
        var model = mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression(
            new Microsoft.ML.Trainers.LbfgsLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = nameof(MetaRow.Label),
                FeatureColumnName = nameof(MetaRow.Features),
                L2Regularization = l2,
                L1Regularization = 0,
            }).Fit(data);
        return (model.Model.SubModel.Weights.Select(w => (double)w).ToArray(), model.Model.SubModel.Bias);
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private sealed class MetaRow
    {
        public bool Label { get; set; }
        public float[] Features { get; set; } = [];

        public static SchemaDefinition Schema(int width)
        {
            var schema = SchemaDefinition.Create(typeof(MetaRow));
            schema[nameof(Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
            return schema;
        }
    }
}
