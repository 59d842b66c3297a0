using System.Text.Json;
using OsteoMl.Data;
using OsteoMl.Model;
using OsteoMl.Reporting;
using OsteoMl.Tests.Training;
using OsteoMl.Workflows;

namespace OsteoMl.Tests.Workflows;

/// <summary>
/// A whole multimodal train on 512-pixel SYNTHETIC films: the grid is chosen from the films, the network reads the
/// fine wavelet maps, and the zip, the card and metrics.json say so.
/// </summary>
public sealed class NativeGridTrainingTests
{
    [Fact]
    public void Given_512_pixel_films_When_training_with_the_network_Then_the_448_grid_is_chosen_recorded_and_run_by_the_zip()
    {
        using var folder = new TempFolder();
        string cohortFolder = folder.File("cohort");
        NativeGridFilms.Generate(cohortFolder, 40, seed: 8);
        string zip = folder.File("model.zip");

        var result = OsteoMlTrainer.Train(
            new TrainingRequest
            {
                DataPath = cohortFolder,
                OutputModelPath = zip,
                RunsDirectory = folder.File("runs"),
                Seed = 8,
                Config = new PipelineConfig
                {
                    Folds = 3,
                    Repeats = 1,
                    Image = new PipelineConfig.ImageSettings
                    {
                        Network = new OsteoMl.Imaging.RadiographNetworkSettings { MaxEpochs = 2 },
                        SelectAgainstBackbone = false,
                    },
                },
                MaxTrials = 4,
                FineTune = OsteoMl.Imaging.FineTuneMode.Head,
                NetworkTrainer = new OsteoMl.Training.FineTuning.RadiographNetworkTrainer(),
            }
        );

        using var metrics = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(result.RunDirectory, MetricsJson.FileName))
        );
        var grid = metrics.RootElement.GetProperty("film_grid");
        Assert.Equal(448, grid.GetProperty("side").GetInt32());
        Assert.Equal(5, grid.GetProperty("wavelet_levels").GetInt32());
        Assert.True(grid.GetProperty("native_wavelets").GetBoolean());
        Assert.Equal(448, ModelCard.Read(zip).FilmGrid);

        using var model = OsteoMlModel.Load(zip);
        var cohort = CohortReader.Read(
            Path.Combine(cohortFolder, "cohort.csv"),
            new CohortOptions { RequireLabel = false, ExpectedColumns = model.ExpectedClinicalColumns }
        );
        var scores = model.ScoreImages(cohort.Subset([0, 1, 2]));
        Assert.All(scores, s => Assert.True(float.IsFinite(s.ImageProbability)));
        Assert.All(scores, s => Assert.Equal(49, s.AttentionMap!.Length));
    }
}
