using System.IO.Compression;
using System.Text.Json.Nodes;
using OsteoMl.Data;
using OsteoMl.Imaging;
using OsteoMl.Model;
using OsteoMl.Simulation;
using OsteoMl.Workflows;

namespace OsteoMl.Tests.Workflows;

/// <summary>
/// Same data, seed and options on one machine give the same model, even when a thread forces garbage collections
/// throughout the second run (every native wrapper — libtorch, ONNX Runtime, SkiaSharp — must keep what native code
/// reads alive). On a small SYNTHETIC cohort with the default wavelet-attention network.
/// </summary>
[Collection(NativeMemoryCollection.Name)]
public sealed class ReproducibleTrainingTests
{
    private static string Train(TempFolder folder, string name) =>
        OsteoMlTrainer
            .Train(
                new TrainingRequest
                {
                    DataPath = folder.File("cohort"),
                    OutputModelPath = folder.File($"{name}.zip"),
                    RunsDirectory = folder.File($"runs-{name}"),
                    Seed = 9,
                    Config = new PipelineConfig
                    {
                        Folds = 3,
                        Repeats = 1,
                        Image = new PipelineConfig.ImageSettings
                        {
                            Network = new RadiographNetworkSettings { MaxEpochs = 3 },
                            SelectAgainstBackbone = false,
                        },
                    },
                    MaxTrials = 3,
                    FineTune = FineTuneMode.Head,
                    NetworkTrainer = new OsteoMl.Training.FineTuning.RadiographNetworkTrainer(),
                }
            )
            .ModelPath;

    /// <summary>Every entry's bytes, the model card without its run id (which names the run folder).</summary>
    private static Dictionary<string, byte[]> Entries(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        return archive.Entries.ToDictionary(
            e => e.FullName,
            e =>
            {
                using var stream = e.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                if (!e.FullName.EndsWith("model_card.json", StringComparison.Ordinal))
                {
                    return copy.ToArray();
                }
                var card = JsonNode.Parse(copy.ToArray())!.AsObject();
                RemoveRunIds(card);
                return System.Text.Encoding.UTF8.GetBytes(card.ToJsonString());
            }
        );
    }

    private static void RemoveRunIds(JsonObject node)
    {
        node.Remove("run_id");
        foreach (var child in node.Select(p => p.Value).OfType<JsonObject>())
        {
            RemoveRunIds(child);
        }
    }

    [Fact]
    public void Given_the_same_seed_When_training_twice_the_second_time_under_GC_pressure_Then_the_models_and_predictions_are_identical()
    {
        using var folder = new TempFolder();
        CohortSimulator.Generate(folder.File("cohort"), 40, seed: 9, SiteProfile.A);

        string first = Train(folder, "first");
        string second;
        using (var pressure = new GcPressure())
        {
            second = Train(folder, "second");
            Assert.True(pressure.Collections > 10, $"only {pressure.Collections} collections were forced");
        }

        var (a, b) = (Entries(first), Entries(second));
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        Assert.All(a, entry => Assert.True(entry.Value.AsSpan().SequenceEqual(b[entry.Key]), $"{entry.Key} differs"));
        var cohort = CohortReader.Read(folder.File("cohort"), new CohortOptions { RequireLabel = false });
        using var modelA = OsteoMlModel.Load(first);
        using var modelB = OsteoMlModel.Load(second);
        Assert.Equal(
            modelA.Score(cohort).Select(p => p.FusedProbability),
            modelB.Score(cohort).Select(p => p.FusedProbability)
        );
    }
}
