using OsteoMl.Reporting;
using OsteoMl.Simulation;
using OsteoMl.Workflows;

namespace OsteoMl.Tests.Workflows;

/// <summary>
/// One small SYNTHETIC cohort and one model (with the wavelet-attention network) trained on it, shared by every
/// end-to-end test class: trained once per test run (the first class that asks trains it), removed when the test
/// process exits. Tests only read it; each writes under its own <see cref="Scratch"/> name.
/// </summary>
public sealed class TrainedModelFixture
{
    private static readonly Lazy<TrainedModelFixture> SharedModel = new(
        () => new TrainedModelFixture(0),
        LazyThreadSafetyMode.ExecutionAndPublication
    );
    private readonly TempFolder _folder;

    /// <summary>The run's one trained model (what xunit's class fixtures get).</summary>
    public TrainedModelFixture()
    {
        var shared = SharedModel.Value;
        _folder = shared._folder;
        Result = shared.Result;
    }

    private TrainedModelFixture(int _)
    {
        _folder = new TempFolder();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => _folder.Dispose();
        CohortSimulator.Generate(CohortFolder, 60, seed: 3, SiteProfile.A);
        Result = OsteoMlTrainer.Train(
            new TrainingRequest
            {
                DataPath = CohortFolder,
                OutputModelPath = ModelPath,
                RunsDirectory = _folder.File("runs"),
                Seed = 3,
                Config = new PipelineConfig
                {
                    Folds = 3,
                    Repeats = 2,
                    Image = new PipelineConfig.ImageSettings
                    {
                        Network = new OsteoMl.Imaging.RadiographNetworkSettings { MaxEpochs = 4 },
                        // Keep the network whatever the selection says, so every end-to-end test covers its graph.
                        SelectAgainstBackbone = false,
                    },
                },
                MaxTrials = 6,
                // The CLI's default: the wavelet-attention network on frozen ResNet18, so every end-to-end test covers
                // its graph.
                FineTune = OsteoMl.Imaging.FineTuneMode.Head,
                NetworkTrainer = new OsteoMl.Training.FineTuning.RadiographNetworkTrainer(),
            }
        );
    }

    public string CohortFolder => _folder.File("cohort");
    public string CsvPath => Path.Combine(CohortFolder, "cohort.csv");
    public string ModelPath => _folder.File("model.zip");

    public string Scratch(string name) => _folder.File(name);

    public TrainingResult Result { get; }
}
