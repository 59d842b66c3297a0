using OsteoMl.AutoML;
using OsteoMl.Common;

namespace OsteoMl.Workflows.Training;

/// <summary>
/// What every search stage shares: the run (seed, folds, metric, logged trials), the trial log, the stop/abort
/// tokens and the progress sink. A first Ctrl+C stops a search and keeps its best trials; a second one (or
/// SIGTERM) aborts the run with <see cref="TrainingAbortedException"/> and writes no model.
/// </summary>
internal sealed class SearchContext(
    RunFolder run,
    CancellationToken stop,
    CancellationToken abort,
    IProgress<TrainingProgress>? progress
) : IDisposable
{
    private readonly CancellationTokenSource _stopOrAbort = CancellationTokenSource.CreateLinkedTokenSource(
        stop,
        abort
    );

    public RunFolder Run { get; } = run;
    public int Seed => Run.Manifest.Seed;
    public ObjectiveMetric Metric => Run.Manifest.Metric;
    public TrialLog Log { get; } = new(run.TrialLogPath);
    public IProgress<TrainingProgress>? Progress { get; } = progress;

    /// <summary>Every search of the run by stage, in the order they ran.</summary>
    public Dictionary<string, ExperimentResult> Searches { get; } = [];

    /// <summary>Fires on stop or abort: searches end, embedding stops.</summary>
    public CancellationToken StopOrAbort => _stopOrAbort.Token;

    public void Report(string stage) => Progress?.Report(new TrainingProgress(stage));

    public void ThrowIfAborted()
    {
        if (abort.IsCancellationRequested)
        {
            throw Run.Aborted();
        }
    }

    /// <summary>
    /// Runs a search (continuing the run's logged trials), records it under its stage and honours an abort.
    /// </summary>
    public ExperimentResult Search(ITuner tuner, ITrialRunner runner, ExperimentOptions options, string? progressLabel)
    {
        var result = new AutoMLExperiment(tuner, runner, options).Run(
            Run.PreviousTrials,
            Log,
            progressLabel is null ? null : SearchProgress(progressLabel),
            StopOrAbort
        );
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

    public void Dispose() => _stopOrAbort.Dispose();
}
