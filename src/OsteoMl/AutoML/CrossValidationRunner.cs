using System.Diagnostics;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using OsteoMl.Data;

namespace OsteoMl.AutoML;

/// <summary>
/// k-fold cross-validation of one configuration. Folds are stratified by label and grouped by patient
/// (<see cref="PatientSplitter.AssignFolds"/>), fixed for the whole run, so every trial is scored on the same
/// held-out patients and trials can be compared fold by fold. Each trial fits with its own seeded
/// <see cref="MLContext"/>; cancelling the token asks ML.NET to stop the trainer mid-fit.
/// </summary>
public sealed class CrossValidationRunner : ITrialRunner
{
    private readonly string _stage;
    private readonly Func<MLContext, TrialParameters, IEstimator<ITransformer>> _pipeline;
    private readonly Func<TrialParameters, double> _costPerThousandRows;
    private readonly ObjectiveMetric _metric;
    private readonly int _seed;
    private readonly (IDataView Train, IDataView Test, int[] Rows)[] _folds;
    private readonly int _rowCount;

    /// <param name="data">Rows to cross-validate; needs the label (Boolean) and patient key (text) columns.</param>
    /// <param name="pipeline">Builds the full estimator (featurization + trainer) for a configuration.</param>
    public CrossValidationRunner(
        string stage,
        IDataView data,
        string labelColumnName,
        string patientKeyColumnName,
        int folds,
        ObjectiveMetric metric,
        int seed,
        Func<MLContext, TrialParameters, IEstimator<ITransformer>> pipeline,
        Func<TrialParameters, double> costPerThousandRows)
    {
        ArgumentNullException.ThrowIfNull(data);
        _stage = stage;
        _pipeline = pipeline;
        _costPerThousandRows = costPerThousandRows;
        _metric = metric;
        _seed = seed;
        LabelColumnName = labelColumnName;

        string[] keys = data.GetColumn<ReadOnlyMemory<char>>(patientKeyColumnName).Select(k => k.ToString()).ToArray();
        Labels = data.GetColumn<bool>(labelColumnName).ToArray();
        _rowCount = keys.Length;
        int[] assignment = PatientSplitter.AssignFolds(keys, Labels, folds, seed);
        var foldOfKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < keys.Length; i++)
        {
            foldOfKey[keys[i]] = assignment[i];
        }
        var mlContext = new MLContext(seed);
        _folds = Enumerable.Range(0, folds)
            .Select(f => (
                KeyFilter.Keep(mlContext, data, patientKeyColumnName, k => foldOfKey[k] != f),
                KeyFilter.Keep(mlContext, data, patientKeyColumnName, k => foldOfKey[k] == f),
                Enumerable.Range(0, keys.Length).Where(i => assignment[i] == f).ToArray()))
            .Where(f => f.Item3.Length > 0)
            .ToArray();
    }

    public string LabelColumnName { get; }

    // ML.NET checks a context's cancellation flag inside its trainers' loops, but MLContext.CancelExecution is
    // internal in 5.0.1. Without it a trial still stops at the next fold boundary, only later.
    private static readonly MethodInfo? CancelExecutionMethod =
        typeof(MLContext).GetMethod("CancelExecution", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes);

    private static void CancelExecution(MLContext mlContext) => CancelExecutionMethod?.Invoke(mlContext, null);

    /// <summary>Labels of the cross-validated rows, in input order.</summary>
    public bool[] Labels { get; }

    public TrialResult Run(int trialId, TrialParameters parameters, CancellationToken cancellationToken) =>
        RunWithPredictions(trialId, parameters, cancellationToken).Result;

    /// <summary>Runs the trial and also returns its out-of-fold probabilities (input row order; NaN if not completed).</summary>
    public (TrialResult Result, double[] OutOfFold) RunWithPredictions(int trialId, TrialParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var clock = Stopwatch.StartNew();
        var outOfFold = Enumerable.Repeat(double.NaN, _rowCount).ToArray();
        var scores = new List<double>();
        var mlContext = new MLContext(_seed);
        TrialResult Result(TrialStatus status, string? error = null)
        {
            var (mean, low, high) = status == TrialStatus.Completed ? FoldStatistics.MeanWithInterval(scores) : (double.NaN, double.NaN, double.NaN);
            return new TrialResult
            {
                Id = trialId,
                Stage = _stage,
                Trainer = parameters.Trainer,
                Hyperparameters = parameters.Values,
                Status = status,
                Metric = _metric,
                FoldScores = status == TrialStatus.Completed ? scores.Select(s => Math.Round(s, 6)).ToArray() : [],
                Mean = mean,
                CiLow = low,
                CiHigh = high,
                DurationSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
                Cost = _costPerThousandRows(parameters) * _folds.Length * _rowCount / 1000.0,
                Error = error,
            };
        }

        using var registration = cancellationToken.Register(() => CancelExecution(mlContext));
        try
        {
            foreach (var (train, test, rows) in _folds)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ITransformer model = _pipeline(mlContext, parameters).Fit(train);
                IDataView scored = model.Transform(test);
                float[] probabilities = scored.GetColumn<float>("Probability").ToArray();
                (model as IDisposable)?.Dispose();
                var labels = rows.Select(i => Labels[i]).ToArray();
                for (int j = 0; j < rows.Length; j++)
                {
                    outOfFold[rows[j]] = probabilities[j];
                }
                double score = ObjectiveScores.Compute(_metric, probabilities.Select(p => (double)p).ToArray(), labels);
                if (!double.IsFinite(score))
                {
                    return (Result(TrialStatus.Failed, "the metric is undefined on a fold (one class only?)"), outOfFold);
                }
                scores.Add(score);
            }
            return (Result(TrialStatus.Completed), outOfFold);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // ML.NET surfaces a cancelled fit as OperationCanceledException, sometimes wrapped in an
            // AggregateException from its worker threads: once a stop was asked for, any of them means "stopped".
            return (Result(TrialStatus.Stopped, "stopped: time budget reached or cancelled"), outOfFold);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OperationCanceledException)
        {
            return (Result(TrialStatus.Failed, e.Message), outOfFold);
        }
    }
}
