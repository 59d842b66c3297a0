using OsteoMl.Common;
using OsteoMl.Fusion;
using OsteoMl.Simulation;
using OsteoMl.Workflows;
using OsteoMl.Workflows.Training;

namespace OsteoMl.Tests.Workflows;

/// <summary>
/// A first Ctrl+C during the clinical search cuts that search only. Before, the stop token stayed cancelled and the
/// fusion search after it ran 0 trials, so the model kept an unsearched fusion rule (fused test AUC 0.916 below its
/// own image branch's 0.931 in a user's run).
/// </summary>
public sealed class InterruptedSearchTests
{
    [Fact]
    public void Given_a_stop_during_the_clinical_search_When_training_Then_the_fusion_search_still_runs_in_full()
    {
        using var folder = new TempFolder();
        CohortSimulator.Generate(folder.File("cohort"), 60, seed: 3, SiteProfile.A);
        using var stop = new CancellationTokenSource();
        var progress = new InlineProgress<TrainingProgress>(p =>
        {
            if (p.Stage.StartsWith("AutoML clinical search", StringComparison.Ordinal) && p.Done >= 2)
            {
                stop.Cancel();
            }
        });
        var config = new PipelineConfig { Folds = 3, Repeats = 1 };

        var result = OsteoMlTrainer.Train(
            new TrainingRequest
            {
                DataPath = folder.File("cohort"),
                OutputModelPath = folder.File("model.zip"),
                RunsDirectory = folder.File("runs"),
                Seed = 3,
                Config = config,
                MaxTrials = 40,
                FineTune = OsteoMl.Imaging.FineTuneMode.None,
            },
            progress,
            stop.Token
        );

        var clinical = result.Searches[ClinicalStage.Stage];
        Assert.Equal("cancelled", clinical.StopReason);
        Assert.InRange(clinical.Trials.Count, 2, 39);
        int grid = FusionSearch
            .Grid(
                config.Fusion.Strategies.Select(s => Enum.Parse<FusionStrategy>(s, ignoreCase: true)),
                config.Fusion.MetaL2Candidates,
                config.Fusion.ImageWeightCandidates
            )
            .Count;
        Assert.Equal(grid, result.Searches[FusionSearch.Stage].Trials.Count);
        Assert.NotEqual("cancelled", result.Searches[FusionSearch.Stage].StopReason);
        Assert.True(File.Exists(folder.File("model.zip")));
    }
}
