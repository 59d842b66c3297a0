using OsteoMl.Reporting;
using OsteoMl.Simulation;
using OsteoMl.Workflows;

namespace OsteoMl.Tests.Pipeline;

/// <summary>One small SYNTHETIC cohort and one model (with the wavelet-attention network) trained on it, shared by the end-to-end tests.</summary>
public sealed class TrainedModelFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public TrainedModelFixture()
    {
        CohortSimulator.Generate(CohortFolder, 60, seed: 3, SiteProfile.A);
        Result = OsteoMlTrainer.Train(new TrainingRequest
        {
            DataPath = CohortFolder,
            OutputModelPath = ModelPath,
            RunsDirectory = _folder.File("runs"),
            Seed = 3,
            Config = new PipelineConfig { Folds = 3, Image = new PipelineConfig.ImageSettings { Network = new PipelineConfig.NetworkSettings { MaxEpochs = 4 } } },
            MaxTrials = 6,
            // The CLI's default: the wavelet-attention network on frozen ResNet18, so every end-to-end test covers its graph.
            FineTune = OsteoMl.Imaging.FineTuneMode.Head,
            NetworkTrainer = new OsteoMl.Training.FineTuning.RadiographNetworkTrainer(),
        });
    }

    public string CohortFolder => _folder.File("cohort");
    public string CsvPath => Path.Combine(CohortFolder, "cohort.csv");
    public string ModelPath => _folder.File("model.zip");
    public string Scratch(string name) => _folder.File(name);
    public TrainingResult Result { get; }

    public void Dispose() => _folder.Dispose();
}
