using Microsoft.ML;
using OsteoMl.AutoML;
using OsteoMl.Data;

namespace OsteoMl.Tests.AutoML;

public sealed class CrossValidationRunnerTests
{
    private static CrossValidationRunner Runner(string folder, int seed = 1)
    {
        string csv = TabularData.Write(Path.Combine(folder, "table.csv"), rows: 300);
        var cohort = CohortReader.Read(
            csv,
            new CohortOptions
            {
                LabelColumn = "outcome",
                IdColumnOptional = true,
                RequireImages = false,
            }
        );
        return new CrossValidationRunner(
            "clinical",
            new CohortDataView(cohort),
            ModelColumns.Label,
            ModelColumns.PatientId,
            PatientFolds.Create(cohort.PatientIds, cohort.Labels!, 4, seed),
            ObjectiveMetric.Auc,
            seed,
            (ml, p) => ClinicalPipeline.Create(ml, cohort.Columns, ModelColumns.Label, p, seed),
            p => TrainerCatalog.Find(p.Trainer)!.EstimateCost(p)
        );
    }

    [Fact]
    public void Given_each_catalog_trainer_When_cross_validated_Then_it_completes_with_probabilities_that_learn_the_signal()
    {
        using var folder = new TempFolder();
        var runner = Runner(folder.Path);

        foreach (var trainer in TrainerCatalog.All)
        {
            var (result, outOfFold) = runner.RunWithPredictions(0, trainer.LowCostParameters(), CancellationToken.None);

            Assert.True(result.Status == TrialStatus.Completed, $"{trainer.Name}: {result.Error}");
            Assert.Equal(4, result.FoldScores.Count);
            Assert.All(outOfFold, p => Assert.InRange(p, 0, 1));
            // Low-cost configurations are deliberately weak (FastTree: 4 trees of 4 leaves), yet above chance.
            Assert.True(result.Mean > 0.6, $"{trainer.Name} CV AUC {result.Mean}");
            Assert.InRange(result.Mean, result.CiLow, result.CiHigh);
        }
    }

    [Fact]
    public void Given_the_same_configuration_When_run_twice_Then_fold_scores_are_identical()
    {
        using var folder = new TempFolder();
        var runner = Runner(folder.Path);
        var parameters = TrainerCatalog.Find(TrainerCatalog.LightGbm)!.FromUnit([0.5, 0.5, 0.5, 0.5, 0.5]);

        var first = runner.Run(0, parameters, CancellationToken.None);
        var second = runner.Run(1, parameters, CancellationToken.None);

        Assert.Equal(first.FoldScores, second.FoldScores);
    }

    [Fact]
    public void Given_a_cancelled_token_When_a_trial_runs_Then_it_is_reported_stopped_not_failed()
    {
        using var folder = new TempFolder();
        var runner = Runner(folder.Path);

        var result = runner.Run(
            0,
            TrainerCatalog.Find(TrainerCatalog.FastTree)!.LowCostParameters(),
            new CancellationToken(canceled: true)
        );

        Assert.Equal(TrialStatus.Stopped, result.Status);
        Assert.True(double.IsPositiveInfinity(result.Loss));
    }
}
