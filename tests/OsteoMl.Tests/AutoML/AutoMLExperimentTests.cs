using System.Diagnostics;
using OsteoMl.AutoML;
using OsteoMl.Common;
using OsteoMl.Data;

namespace OsteoMl.Tests.AutoML;

public sealed class AutoMLExperimentTests
{
    [Fact]
    public void Given_a_time_budget_When_a_trial_would_overrun_Then_it_is_stopped_and_the_search_ends_on_time()
    {
        var experiment = new AutoMLExperiment(
            new RandomSearchTuner(SyntheticSearch.Trainers, 1),
            new SyntheticSearch.BlockingRunner(),
            new ExperimentOptions { TimeBudget = TimeSpan.FromSeconds(0.5) }
        );
        var clock = Stopwatch.StartNew();

        var result = experiment.Run();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal("time budget", result.StopReason);
        Assert.Equal(TrialStatus.Stopped, Assert.Single(result.Trials).Status);
        Assert.Null(result.Best);
    }

    [Fact]
    public void Given_a_cancellation_after_five_trials_When_searching_Then_finished_trials_and_the_best_are_kept()
    {
        using var cancel = new CancellationTokenSource();
        var progress = new InlineProgress<ExperimentProgress>(p =>
        {
            if (p.TrialsDone == 5)
                cancel.Cancel();
        });
        var experiment = new AutoMLExperiment(
            new CfoTuner(SyntheticSearch.Trainers, 1),
            new SyntheticSearch.Runner(),
            new ExperimentOptions { MaxTrials = 50 }
        );

        var result = experiment.Run(progress: progress, cancellationToken: cancel.Token);

        Assert.Equal("cancelled", result.StopReason);
        Assert.Equal(5, result.Trials.Count);
        Assert.Equal(result.Trials.MinBy(t => t.Loss), result.Best);
    }

    [Fact]
    public void Given_a_logged_partial_run_When_resuming_Then_the_continuation_equals_the_uninterrupted_run()
    {
        using var folder = new TempFolder();
        var full = new AutoMLExperiment(
            new CfoTuner(SyntheticSearch.Trainers, 4),
            new SyntheticSearch.Runner(),
            new ExperimentOptions { MaxTrials = 25 }
        ).Run();
        var log = new TrialLog(folder.File(TrialLog.FileName));
        new AutoMLExperiment(
            new CfoTuner(SyntheticSearch.Trainers, 4),
            new SyntheticSearch.Runner(),
            new ExperimentOptions { MaxTrials = 9 }
        ).Run(log: log);

        var runner = new SyntheticSearch.Runner();
        var resumed = new AutoMLExperiment(
            new CfoTuner(SyntheticSearch.Trainers, 4),
            runner,
            new ExperimentOptions { MaxTrials = 25 }
        ).Run(TrialLog.Read(log.Path), log);

        Assert.Equal(9, resumed.ReplayedTrials);
        Assert.Equal(16, runner.Seen.Count);
        Assert.Equal(full.Trials.Select(t => t.Parameters), resumed.Trials.Select(t => t.Parameters));
        Assert.Equal(full.Trials.Select(t => t.Parameters), TrialLog.Read(log.Path).Select(t => t.Parameters));
    }

    [Fact]
    public void Given_a_log_with_a_torn_last_line_When_reading_Then_complete_trials_survive()
    {
        using var folder = new TempFolder();
        var log = new TrialLog(folder.File(TrialLog.FileName));
        var trials = new AutoMLExperiment(
            new RandomSearchTuner(SyntheticSearch.Trainers, 2),
            new SyntheticSearch.Runner(),
            new ExperimentOptions { MaxTrials = 3 }
        )
            .Run(log: log)
            .Trials;
        File.AppendAllText(log.Path, "{\"id\":3,\"stage\":\"clin");

        var read = TrialLog.Read(log.Path);

        Assert.Equal(3, read.Count);
        Assert.Equal(
            trials.Select(t => (t.Parameters, t.Mean, t.FoldScores.Sum())),
            read.Select(t => (t.Parameters, t.Mean, t.FoldScores.Sum()))
        );
    }

    [Fact]
    public void Given_trials_When_building_the_leaderboard_Then_ranked_by_score_with_paired_ties_marked()
    {
        TrialResult Trial(int id, params double[] folds) =>
            new()
            {
                Id = id,
                Stage = "clinical",
                Trainer = "T",
                Hyperparameters = new Dictionary<string, double> { ["x"] = id },
                Status = TrialStatus.Completed,
                Metric = ObjectiveMetric.Auc,
                FoldScores = folds,
                Mean = folds.Length == 0 ? double.NaN : folds.Average(),
            };
        var trials = new[]
        {
            Trial(0, 0.70, 0.72, 0.71, 0.69, 0.70),
            Trial(1, 0.80, 0.82, 0.79, 0.85, 0.81),
            // 0.008 behind the best, one corrected standard error 0.012: tied. Trial 0 is 0.11 behind.
            Trial(2, 0.78, 0.83, 0.80, 0.82, 0.80),
            Trial(3) with
            {
                Status = TrialStatus.Failed,
                Mean = double.NaN,
            },
        };

        var board = Leaderboard.Build(trials, "clinical", PatientFolds.TestToTrainRatioOf(5));

        Assert.Equal([1, 2, 0], board.Select(e => e.Trial.Id));
        Assert.Equal([true, true, false], board.Select(e => e.TiedWithBest));
    }
}
