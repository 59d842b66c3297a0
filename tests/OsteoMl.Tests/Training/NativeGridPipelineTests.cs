using Microsoft.ML;
using Microsoft.ML.Data;
using OsteoMl.Common;
using OsteoMl.Data;
using OsteoMl.Imaging;
using OsteoMl.Training.Export;
using OsteoMl.Training.FineTuning;
using OsteoMl.Training.Network;
using static TorchSharp.torch;

namespace OsteoMl.Tests.Training;

/// <summary>
/// A network on the 448 grid as the zip runs it (ML.NET: decode, film graph, network) against the path training takes
/// (the batched featurizer's films and fine maps, then ONNX Runtime), on 512-pixel SYNTHETIC films.
/// </summary>
public sealed class NativeGridPipelineTests
{
    [Fact]
    public void Given_a_448_grid_network_When_the_zip_pipeline_scores_films_Then_it_equals_the_training_path()
    {
        TorchRuntime.EnsureLoaded();
        using var folder = new TempFolder();
        NativeGridFilms.Generate(folder.Path, 4, seed: 5);
        var cohort = CohortReader.Read(folder.Path, new CohortOptions { ExcludeColumns = ["t_score", "site"] });
        var grid = new FilmResolution(448);
        byte[] onnx;
        using (var network = WaveletAttentionNetwork.Create(null, seed: 2, grid))
        {
            network.eval();
            onnx = NetworkOnnxExporter.Export(network);
        }
        var mlContext = new MLContext(1);
        IDataView view = new CohortDataView(cohort);

        float[] byZip =
        [
            .. mlContext
                .Transforms.FeaturizeRadiographNetwork(
                    onnx,
                    "Logit",
                    "Embedding",
                    "Probability",
                    "Map",
                    ModelColumns.ImagePath,
                    grid
                )
                .Fit(view)
                .Transform(view)
                .GetColumn<VBuffer<float>>("Logit")
                .Select(v => v.DenseValues().Single()),
        ];

        var pixels = mlContext.Transforms.PreprocessRadiograph(ModelColumns.ImagePath, grid).Fit(view).Transform(view);
        using var films = new SpilledRows<byte>(224 * 224);
        var energies = new List<float[]>();
        using (var embedder = BatchedEmbedder.Create())
        {
            embedder.Embed(pixels, films: films, energies: energies);
        }
        using var runtime = new RadiographNetwork(onnx);
        float[] byTraining = [.. runtime.Run(films, energies: energies).Select(o => o.Logit)];

        Assert.Equal(cohort.Count, byZip.Length);
        Assert.Equal(grid.WaveletMaps * 49, energies[0].Length);
        Assert.Equal(byTraining, byZip);
        Assert.True(byZip.Distinct().Count() > 1, "films score differently");
    }
}
