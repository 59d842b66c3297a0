using System.Diagnostics;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using OsteoMl.Data;

namespace OsteoMl.AutoML;

/// <summary>
/// k-fold cross-validation of one configuration on the run's <see cref="PatientFolds"/> (stratified by label,
/// grouped by patient, fixed for the whole run), so every trial is scored on the same
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

    /// <param name="data">The rows of <paramref name="folds"/>, in its order; needs the label (Boolean) and patient key
    /// (text) columns.</param>
    /// <param name="folds">The run's folds (shared with every other cross-fitted stage).</param>
    /// <param name="pipeline">Builds the full estimator (featurization + trainer) for a configuration.</param>
    public CrossValidationRunner(
        string stage,
        IDataView data,
        string labelColumnName,
        string patientKeyColumnName,
        PatientFolds folds,
        ObjectiveMetric metric,
        int seed,
        Func<MLContext, TrialParameters, IEstimator<ITransformer>> pipeline,
        Func<TrialParameters, double> costPerThousandRows
    )
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(folds);
        _stage = stage;
        _pipeline = pipeline;
        _costPerThousandRows = costPerThousandRows;
        _metric = metric;
        _seed = seed;
        LabelColumnName = labelColumnName;

        string[] keys = [.. data.GetColumn<ReadOnlyMemory<char>>(patientKeyColumnName).Select(k => k.ToString())];
        folds.CheckAligned(keys, $"{stage} cross-validation");
        Labels = [.. data.GetColumn<bool>(labelColumnName)];
        _rowCount = keys.Length;
        var mlContext = new MLContext(seed);
        _folds = [.. folds.All().Select(f => Views(mlContext, data, patientKeyColumnName, keys, f))];
    }

    /// <summary>The fold's training and held-out rows as views (the filter keeps row order).</summary>
    private static (IDataView Train, IDataView Test, int[] Rows) Views(
        MLContext mlContext,
        IDataView data,
        string keyColumn,
        string[] keys,
        PatientFold fold
    )
    {
        var heldOut = fold.HeldOutRows.Select(i => keys[i]).ToHashSet(StringComparer.Ordinal);
        return (
            KeyFilter.Keep(mlContext, data, keyColumn, k => !heldOut.Contains(k)),
            KeyFilter.Keep(mlContext, data, keyColumn, heldOut.Contains),
            fold.HeldOutRows
        );
    }

    public string LabelColumnName { get; }

    /// <summary>Completed configurations with their result and out-of-fold probabilities, for ensemble selection.</summary>
    private readonly Dictionary<TrialParameters, (TrialResult Result, double[] OutOfFold)> _completed = [];

    /// <summary>
    /// The out-of-fold probabilities of a configuration (computed now unless a trial of this runner already did;
    /// null if it does not complete).
    /// </summary>
    public double[]? OutOfFold(TrialParameters parameters)
    {
        var (result, outOfFold) = RunWithPredictions(-1, parameters, CancellationToken.None);
        return result.Status == TrialStatus.Completed ? outOfFold : null;
    }

    // ML.NET checks a context's cancellation flag inside its trainers' loops, but MLContext.CancelExecution is
    // internal in 5.0.1. Without it a trial still stops at the next fold boundary, only later.
    private static readonly MethodInfo? CancelExecutionMethod = typeof(MLContext).GetMethod(
        "CancelExecution",
        BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic,
        Type.EmptyTypes
    );

    private static void CancelExecution(MLContext mlContext) => CancelExecutionMethod?.Invoke(mlContext, null);

    /// <summary>Labels of the cross-validated rows, in input order.</summary>
    public bool[] Labels { get; }

    public TrialResult Run(int trialId, TrialParameters parameters, CancellationToken cancellationToken) =>
        RunWithPredictions(trialId, parameters, cancellationToken).Result;

    /// <summary>
    /// Runs the trial and also returns its out-of-fold probabilities (input row order; the mean over repeats when
    /// the folds are repeated; NaN if not completed).
    /// </summary>
    public (TrialResult Result, double[] OutOfFold) RunWithPredictions(
        int trialId,
        TrialParameters parameters,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (_completed.TryGetValue(parameters, out var done))
        {
            // Same configuration, same folds, same seed: the same scores; the ensemble needs no second copy either.
            return (done.Result with { Id = trialId, DurationSeconds = 0 }, done.OutOfFold);
        }
        var clock = Stopwatch.StartNew();
        var outOfFold = new double[_rowCount];
        var predictions = new int[_rowCount];
        var scores = new List<double>();
        var mlContext = new MLContext(_seed);
        TrialResult Result(TrialStatus status, string? error = null)
        {
            var (mean, low, high) =
                status == TrialStatus.Completed
                    ? FoldStatistics.MeanWithInterval(scores)
                    : (double.NaN, double.NaN, double.NaN);
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
                    outOfFold[rows[j]] += probabilities[j];
                    predictions[rows[j]]++;
                }
                double score = ObjectiveScores.Compute(_metric, probabilities.Select(p => (double)p).ToArray(), labels);
                if (!double.IsFinite(score))
                {
                    return (
                        Result(TrialStatus.Failed, "the metric is undefined on a fold (one class only?)"),
                        Mean(outOfFold, predictions)
                    );
                }
                scores.Add(score);
            }
            var completed = (Result(TrialStatus.Completed), Mean(outOfFold, predictions));
            _completed[parameters] = completed;
            return completed;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // ML.NET surfaces a cancelled fit as OperationCanceledException, sometimes wrapped in an
            // AggregateException from its worker threads: once a stop was asked for, any of them means "stopped".
            return (
                Result(TrialStatus.Stopped, "stopped: time budget reached or cancelled"),
                Mean(outOfFold, predictions)
            );
        }
        catch (Exception e)
            when (e is InvalidOperationException or ArgumentException or FormatException or OperationCanceledException)
        {
            return (Result(TrialStatus.Failed, e.Message), Mean(outOfFold, predictions));
        }
    }

    private static double[] Mean(double[] sums, int[] counts) =>
        [.. sums.Select((s, i) => counts[i] == 0 ? double.NaN : s / counts[i])];
}
