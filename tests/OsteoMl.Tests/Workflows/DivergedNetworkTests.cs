using System.Text.Json;
using OsteoMl.Common;
using OsteoMl.Imaging;
using OsteoMl.Model;
using OsteoMl.Reporting;
using OsteoMl.Simulation;
using OsteoMl.Workflows;

namespace OsteoMl.Tests.Workflows;

/// <summary>
/// A network fit that goes non-finite never reaches the model: the run drops the candidate, says so once, records it
/// in metrics.json and finishes with the frozen backbone. On a small SYNTHETIC cohort.
/// </summary>
public sealed class DivergedNetworkTests
{
    [Fact]
    public void Given_a_network_that_diverges_When_training_Then_the_run_keeps_the_frozen_backbone_and_records_why()
    {
        using var folder = new TempFolder();
        CohortSimulator.Generate(folder.File("cohort"), 40, seed: 5, SiteProfile.A);
        var stages = new List<string>();

        var result = OsteoMlTrainer.Train(
            new TrainingRequest
            {
                DataPath = folder.File("cohort"),
                OutputModelPath = folder.File("model.zip"),
                RunsDirectory = folder.File("runs"),
                Seed = 5,
                Config = new PipelineConfig
                {
                    Folds = 3,
                    Repeats = 1,
                    Image = new PipelineConfig.ImageSettings
                    {
                        // Adam's first step moves every weight by ±1e37: the activations overflow float in the first epoch.
                        Network = new RadiographNetworkSettings { MaxEpochs = 2, LearningRate = 1e37 },
                    },
                },
                MaxTrials = 2,
                FineTune = FineTuneMode.Head,
                NetworkTrainer = new OsteoMl.Training.FineTuning.RadiographNetworkTrainer(),
            },
            new InlineProgress<TrainingProgress>(p => stages.Add(p.Stage))
        );

        var dropped = Assert.Single(result.DroppedImageNetworks);
        Assert.Equal("attention", dropped.Variant);
        Assert.Contains("not finite", dropped.Reason);
        Assert.Empty(result.ImageNetworks);
        Assert.StartsWith("frozen backbone kept: the wavelet-attention network was dropped", result.ImageSelection);
        Assert.Single(stages.Distinct(), s => s.StartsWith("Warning: image network 'attention' dropped"));
        Assert.True(File.Exists(result.ModelPath));
        Assert.All(result.TestMetrics.Values, m => Assert.True(double.IsFinite(m.Auc.Auc)));
        using var metrics = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(result.RunDirectory, MetricsJson.FileName))
        );
        var record = Assert.Single(metrics.RootElement.GetProperty("image_networks_dropped").EnumerateArray());
        Assert.Equal("head", record.GetProperty("fine_tune").GetString());
        Assert.StartsWith("frozen backbone kept", metrics.RootElement.GetProperty("image_selection").GetString());
        Assert.DoesNotContain("wavelet-attention", ModelCard.Read(result.ModelPath).ImageNetwork ?? "");
    }
}
