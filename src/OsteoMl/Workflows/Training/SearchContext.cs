using OsteoMl.AutoML;
using OsteoMl.Common;

namespace OsteoMl.Workflows.Training;

/// <summary>
/// What every search stage shares: the run (seed, folds, metric, logged trials), the trial log, the stop/abort
/// tokens and the progress sink. A first Ctrl+C cuts the search in progress only: it keeps its best trials and the
/// searches after it (image head, fusion: seconds) still run in full, so a stop during the clinical search cannot
/// leave an unsearched fusion rule in the model. A second Ctrl+C (or SIGTERM) aborts the run with
/// <see cref="TrainingAbortedException"/> and writes no model.
/// </summary>
internal sealed class SearchContext : IDisposable
{
    private readonly CancellationToken _abort;
    private readonly CancellationTokenSource _stopOrAbort;
    private readonly CancellationTokenRegistration _stopRegistration;
    private CancellationTokenSource? _searchInProgress;

    public SearchContext(
        RunFolder run,
        CancellationToken stop,
        CancellationToken abort,
        IProgress<TrainingProgress>? progress
    )
    {
        Run = run;
        Log = new TrialLog(run.TrialLogPath);
        Progress = progress;
        _abort = abort;
        _stopOrAbort = CancellationTokenSource.CreateLinkedTokenSource(stop, abort);
        _stopRegistration = stop.Register(CutSearchInProgress);
    }

    public RunFolder Run { get; }
    public int Seed => Run.Manifest.Seed;
    public ObjectiveMetric Metric => Run.Manifest.Metric;
    public TrialLog Log { get; }
    public IProgress<TrainingProgress>? Progress { get; }

    /// <summary>Every search of the run by stage, in the order they ran.</summary>
    public Dictionary<string, ExperimentResult> Searches { get; } = [];

    /// <summary>
    /// Fires on stop or abort: the image stage (embedding, network training) reads it and the run then aborts, as it
    /// has nothing to finish with. Searches read their own token instead (<see cref="Search"/>).
    /// </summary>
    public CancellationToken StopOrAbort => _stopOrAbort.Token;

    public void Report(string stage) => Progress?.Report(new TrainingProgress(stage));

    public void ThrowIfAborted()
    {
        if (_abort.IsCancellationRequested)
        {
            throw Run.Aborted();
        }
    }

    /// <summary>
    /// Runs a search (continuing the run's logged trials), records it under its stage and honours an abort.
    /// </summary>
    public ExperimentResult Search(ITuner tuner, ITrialRunner runner, ExperimentOptions options, string? progressLabel)
    {
        using var searchStop = CancellationTokenSource.CreateLinkedTokenSource(_abort);
        Volatile.Write(ref _searchInProgress, searchStop);
        ExperimentResult result;
        try
        {
            result = new AutoMLExperiment(tuner, runner, options).Run(
                Run.PreviousTrials,
                Log,
                progressLabel is null ? null : SearchProgress(progressLabel),
                searchStop.Token
            );
        }
        finally
        {
            Volatile.Write(ref _searchInProgress, null);
        }
        ThrowIfAborted();
        Searches[options.Stage] = result;
        return result;
    }

    private IProgress<ExperimentProgress>? SearchProgress(string stage) =>
        Progress is not { } progress
            ? null
            : new InlineProgress<ExperimentProgress>(p =>
            {
                string best = p.Best is null ? "none yet" : $"{p.Best.Mean:0.000} ({p.Best.Trainer})";
                string left = p.Remaining is { } r ? $" · {Math.Max(0, r.TotalSeconds):0} s left" : "";
                progress.Report(
                    new TrainingProgress(
                        stage,
                        p.TrialsDone,
                        p.MaxTrials ?? 0,
                        $"trial {p.TrialsDone}{(p.MaxTrials is { } m ? $"/{m}" : "")} · best CV "
                            + $"{ObjectiveScores.Label(Metric)} {best} · {p.Elapsed.TotalSeconds:0} s{left}"
                    )
                );
            });

    /// <summary>
    /// The stop token fires once (a second Ctrl+C is an abort), so the stop is spent on the search it cuts; one
    /// pressed between searches cuts nothing and the run finishes as it would have.
    /// </summary>
    private void CutSearchInProgress()
    {
        try
        {
            Volatile.Read(ref _searchInProgress)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The search ended between the read and the cancel: there is nothing left to cut.
        }
    }

    public void Dispose()
    {
        _stopRegistration.Dispose();
        _stopOrAbort.Dispose();
    }
}
