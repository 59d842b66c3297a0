using OsteoMl.AutoML;
using OsteoMl.Common;
using OsteoMl.Data;
using OsteoMl.Model;
using OsteoMl.Workflows;

namespace OsteoMl.Tests.AutoML;

/// <summary>
/// The clinical AutoML through <see cref="OsteoMlTrainer"/> in tabular-only mode (no images, no id column).
/// </summary>
public sealed class TabularTrainingTests
{
    private static TrainingRequest Request(
        TempFolder folder,
        string csv,
        string zip,
        int? maxTrials = 8,
        string? resume = null
    ) =>
        new()
        {
            DataPath = csv,
            OutputModelPath = folder.File(zip),
            RunsDirectory = folder.File("runs"),
            Seed = 11,
            NoImages = true,
            Cohort = new CohortOptions { LabelColumn = "outcome", IdColumnOptional = true },
            Config = new PipelineConfig { Folds = 4 },
            MaxTrials = maxTrials,
            ResumeDirectory = resume,
        };

    private static IReadOnlyList<double> Predict(string zip, string csv)
    {
        using var model = OsteoMlModel.Load(zip);
        var cohort = CohortReader.Read(
            csv,
            new CohortOptions
            {
                LabelColumn = "outcome",
                IdColumnOptional = true,
                RequireImages = false,
                RequireLabel = false,
                ExpectedColumns = model.ExpectedClinicalColumns,
            }
        );
        return model.Score(cohort).Select(p => (double)p.ClinicalProbability).ToArray();
    }

    [Fact]
    public void Given_the_same_data_seed_and_trial_limit_When_training_twice_Then_trials_and_model_are_identical()
    {
        using var folder = new TempFolder();
        string csv = TabularData.Write(folder.File("table.csv"));

        var first = OsteoMlTrainer.Train(Request(folder, csv, "a.zip"));
        var second = OsteoMlTrainer.Train(Request(folder, csv, "b.zip"));

        var trialsA = TrialLog.Read(Path.Combine(first.RunDirectory, TrialLog.FileName));
        var trialsB = TrialLog.Read(Path.Combine(second.RunDirectory, TrialLog.FileName));
        Assert.Equal(8, trialsA.Count);
        Assert.Equal(
            trialsA.Select(t => (t.Parameters, t.FoldScores.Sum())),
            trialsB.Select(t => (t.Parameters, t.FoldScores.Sum()))
        );
        Assert.Equal(Predict(first.ModelPath, csv), Predict(second.ModelPath, csv));
        Assert.False(first.UsesImages);
        Assert.Equal(["clinical", "logistic"], first.TestMetrics.Keys.Order());
        Assert.True(first.TestMetrics["clinical"].Auc.Auc > 0.6, $"test AUC {first.TestMetrics["clinical"].Auc}");
    }

    [Fact]
    public void Given_the_default_config_When_training_tabular_Then_the_saved_model_is_refitted_on_every_row()
    {
        using var folder = new TempFolder();
        string csv = TabularData.Write(folder.File("table.csv"));
        int rows = File.ReadAllLines(csv).Length - 1;

        var refitted = OsteoMlTrainer.Train(Request(folder, csv, "all.zip"));
        var tested = OsteoMlTrainer.Train(
            Request(folder, csv, "tested.zip") with
            {
                Config = new PipelineConfig { Folds = 4, RefitOnAllRows = false },
            }
        );

        Assert.StartsWith($"all {rows} rows, test rows included", ModelCard.Read(refitted.ModelPath).FittedOn);
        int trainingRows = refitted.Split.Train.Rows + refitted.Split.Validation.Rows;
        Assert.StartsWith($"the {trainingRows} training rows", ModelCard.Read(tested.ModelPath).FittedOn);
        Assert.Equal(refitted.ClinicalModel, tested.ClinicalModel);
        Assert.Equal(tested.TestMetrics["clinical"].Auc.Auc, refitted.TestMetrics["clinical"].Auc.Auc);
        Assert.NotEqual(Predict(tested.ModelPath, csv), Predict(refitted.ModelPath, csv));
    }

    [Fact]
    public void Given_a_stopped_run_When_resumed_Then_its_trials_continue_as_if_never_stopped()
    {
        using var folder = new TempFolder();
        string csv = TabularData.Write(folder.File("table.csv"));
        var uninterrupted = OsteoMlTrainer.Train(Request(folder, csv, "full.zip", maxTrials: 10));

        var partial = OsteoMlTrainer.Train(Request(folder, csv, "part.zip", maxTrials: 4));
        var resumed = OsteoMlTrainer.Train(
            Request(folder, csv, "part.zip", maxTrials: 10, resume: partial.RunDirectory)
        );

        Assert.Equal(partial.RunDirectory, resumed.RunDirectory);
        Assert.Equal(4, resumed.Searches["clinical"].ReplayedTrials);
        var expected = TrialLog
            .Read(Path.Combine(uninterrupted.RunDirectory, TrialLog.FileName))
            .Select(t => (t.Parameters, t.FoldScores.Sum()));
        var actual = TrialLog
            .Read(Path.Combine(resumed.RunDirectory, TrialLog.FileName))
            .Select(t => (t.Parameters, t.FoldScores.Sum()));
        Assert.Equal(expected, actual);
        Assert.Equal(Predict(uninterrupted.ModelPath, csv), Predict(folder.File("part.zip"), csv));
    }

    [Fact]
    public void Given_a_resume_on_different_data_When_training_Then_it_is_refused_naming_the_data()
    {
        using var folder = new TempFolder();
        string csv = TabularData.Write(folder.File("table.csv"));
        string other = TabularData.Write(folder.File("other.csv"), seed: 99);
        var partial = OsteoMlTrainer.Train(Request(folder, csv, "part.zip", maxTrials: 2));

        var error = Assert.Throws<RunFolderException>(() =>
            OsteoMlTrainer.Train(Request(folder, other, "x.zip", resume: partial.RunDirectory))
        );

        Assert.Contains("other.csv", error.Message);
        Assert.False(File.Exists(folder.File("x.zip")));
    }

    [Fact]
    public void Given_a_cancellation_during_the_search_When_training_Then_the_best_trial_so_far_is_saved()
    {
        using var folder = new TempFolder();
        string csv = TabularData.Write(folder.File("table.csv"));
        using var stop = new CancellationTokenSource();
        var progress = new InlineProgress<TrainingProgress>(p =>
        {
            if (p.Done >= 3 && p.Stage.StartsWith("AutoML", StringComparison.Ordinal))
                stop.Cancel();
        });

        var result = OsteoMlTrainer.Train(Request(folder, csv, "m.zip", maxTrials: 40), progress, stop.Token);

        Assert.Equal("cancelled", result.Searches["clinical"].StopReason);
        Assert.Equal(3, result.Searches["clinical"].Trials.Count);
        Assert.True(File.Exists(result.ModelPath));
        Assert.Equal(3, TrialLog.Read(Path.Combine(result.RunDirectory, TrialLog.FileName)).Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Given_an_abort_When_training_Then_the_run_folder_is_kept_only_if_it_holds_finished_trials(int trials)
    {
        using var folder = new TempFolder();
        string csv = TabularData.Write(folder.File("table.csv"));
        using var abort = new CancellationTokenSource();
        var progress = new InlineProgress<TrainingProgress>(p =>
        {
            if (trials == 0 || (p.Stage.StartsWith("AutoML", StringComparison.Ordinal) && p.Done >= trials))
                abort.Cancel();
        });

        var error = Assert.Throws<TrainingAbortedException>(() =>
            OsteoMlTrainer.Train(Request(folder, csv, "m.zip", maxTrials: 40), progress, abortToken: abort.Token)
        );

        Assert.False(File.Exists(folder.File("m.zip")));
        string[] runs = Directory.Exists(folder.File("runs")) ? Directory.GetDirectories(folder.File("runs")) : [];
        if (trials == 0)
        {
            Assert.Null(error.RunDirectory);
            Assert.Empty(runs);
            Assert.Contains("no trial had finished", error.Message);
        }
        else
        {
            Assert.Equal(Path.GetFullPath(error.RunDirectory!), Path.GetFullPath(Assert.Single(runs)));
            Assert.True(TrialLog.Read(Path.Combine(runs[0], TrialLog.FileName)).Count >= trials);
        }
    }
}
