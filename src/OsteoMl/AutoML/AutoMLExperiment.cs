using System.Diagnostics;

namespace OsteoMl.AutoML;

/// <summary>
/// The search loop (ML.NET AutoML's experiment): ask the tuner, run the trial, log it, tell the tuner, until
/// the trial or time budget is spent or the caller cancels. The trial running when time runs out is stopped,
/// not awaited. Cancelling keeps every finished trial and the best one. A resumed run first replays its logged
/// trials through the tuner, which puts a deterministic tuner back in the state it had, so the continuation
/// proposes what the uninterrupted run would have.
/// </summary>
public sealed class AutoMLExperiment
{
    private readonly ITuner _tuner;
    private readonly ITrialRunner _runner;
    private readonly ExperimentOptions _options;

    public AutoMLExperiment(ITuner tuner, ITrialRunner runner, ExperimentOptions options)
    {
        ArgumentNullException.ThrowIfNull(tuner);
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxTrials is null && options.TimeBudget is null)
        {
            throw new ArgumentException("A search needs a trial limit, a time budget, or both.", nameof(options));
        }
        _tuner = tuner;
        _runner = runner;
        _options = options;
    }

    /// <param name="previous">Trials of this stage from a log being resumed, in order.</param>
    /// <param name="log">Where each new trial is appended; null to keep trials in memory only.</param>
    public ExperimentResult Run(
        IReadOnlyList<TrialResult>? previous = null,
        TrialLog? log = null,
        IProgress<ExperimentProgress>? progress = null,
        CancellationToken cancellationToken = default
    )
    {
        var trials = new List<TrialResult>();
        TrialResult? best = null;
        void Record(TrialResult result)
        {
            trials.Add(result);
            _tuner.Update(result);
            if (result.Status == TrialStatus.Completed && (best is null || result.Loss < best.Loss))
            {
                best = result;
            }
        }

        var replay = (previous ?? []).Where(t => t.Stage == _options.Stage).ToList();
        foreach (var logged in replay)
        {
            _tuner.Propose(logged.Id);
            Record(logged);
        }
        TimeSpan spentBefore = TimeSpan.FromSeconds(replay.Sum(t => t.DurationSeconds));
        var clock = Stopwatch.StartNew();
        TimeSpan? Remaining() => _options.TimeBudget - spentBefore - clock.Elapsed;
        // Until a trial has completed the budget counts twice, so that a loaded machine still yields a model (the
        // portfolio starts with ML.NET's default logistic regression, the cheapest trial there is).
        TimeSpan? Deadline() => best is null ? Remaining() + _options.TimeBudget : Remaining();

        string stopReason;
        while (true)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                stopReason = "cancelled";
                break;
            }
            if (trials.Count >= _options.MaxTrials)
            {
                stopReason = "trial limit";
                break;
            }
            if (Deadline() is { } left && left <= TimeSpan.Zero)
            {
                stopReason = "time budget";
                break;
            }
            int id = trials.Count == 0 ? 0 : trials.Max(t => t.Id) + 1;
            TrialParameters parameters = _tuner.Propose(id);
            using var trialToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (Deadline() is { } budget)
            {
                trialToken.CancelAfter(budget);
            }
            TrialResult result = _runner.Run(id, parameters, trialToken.Token);
            Record(result);
            log?.Append(result);
            progress?.Report(
                new ExperimentProgress(
                    _options.Stage,
                    trials.Count,
                    _options.MaxTrials,
                    result,
                    best,
                    spentBefore + clock.Elapsed,
                    Remaining()
                )
            );
            if (result.Status == TrialStatus.Stopped)
            {
                // The budget's timer stopped it (it may fire a hair before the stopwatch agrees) or the caller did:
                // either way the search is over; starting another trial would only be stopped at once.
                stopReason = cancellationToken.IsCancellationRequested ? "cancelled" : "time budget";
                break;
            }
        }
        return new ExperimentResult(trials, best, stopReason, replay.Count);
    }
}
