using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using OsteoMl.Data;
using OsteoMl.Imaging;
using OsteoMl.Simulation;
using Xunit.Abstractions;

namespace OsteoMl.Tests.Imaging;

public sealed class Int8BackboneTests(ITestOutputHelper output)
{
    [Fact]
    public void Given_the_packaged_ResNet18_When_batch_normalisation_is_folded_into_the_convolutions_Then_the_embedding_is_unchanged()
    {
        var films = PreparedFilms(4, seed: 21);
        var folded = Google.Protobuf.MessageExtensions.ToByteArray(Int8Backbone.FoldedResNet18());

        var reference = Embed(File.ReadAllBytes(ResNetPath), films);
        var fromFolded = Embed(folded, films);

        double difference = MaxDifference(reference, fromFolded);
        Assert.True(difference <= 1e-3, $"max abs difference {difference:E2}");
        Assert.DoesNotContain(Int8Backbone.FoldedResNet18().Graph.Node, n => n.OpType == "BatchNormalization");
    }

    [Fact]
    public void Given_a_calibrated_int8_backbone_When_ONNX_Runtime_optimises_it_Then_every_convolution_and_residual_sum_runs_on_integers()
    {
        var int8 = Int8Backbone.Calibrate(PreparedFilms(6, seed: 22));
        using var folder = new TempFolder();
        string optimised = Path.Combine(folder.Path, "optimised.onnx");
        using (var options = new SessionOptions { OptimizedModelFilePath = optimised })
        using (new InferenceSession(int8.ResNet, options)) { }

        var ops = ModelProto.Parser.ParseFrom(File.ReadAllBytes(optimised)).Graph.Node.Select(n => n.OpType).ToList();
        Assert.Equal(22, ops.Count(op => op == "QLinearConv")); // ResNet18: 20 3 × 3 / 7 × 7 convolutions + 2 1 × 1
        Assert.Equal(9, ops.Count(op => op == "QLinearAdd"));
        Assert.DoesNotContain("Conv", ops);
        Assert.Equal(6, int8.CalibrationFilms);
    }

    [Fact]
    public void Given_films_not_used_for_calibration_When_embedded_in_int8_Then_close_to_float_and_the_saved_pipeline_equals_the_batched_path()
    {
        using var folder = new TempFolder();
        CohortSimulator.Generate(folder.Path, 14, seed: 23, SiteProfile.A);
        var cohort = CohortReader.Read(folder.Path, new CohortOptions { ExcludeColumns = ["t_score", "site"] });
        var mlContext = new MLContext(1);
        IDataView view = new CohortDataView(cohort);
        var prepared = Prepared(mlContext, view);
        var int8 = Int8Backbone.Calibrate(prepared[..8]);
        var heldOut = cohort.Subset([.. Enumerable.Range(8, cohort.Count - 8)]);
        IDataView heldOutView = new CohortDataView(heldOut);

        var pipeline = mlContext
            .Transforms.FeaturizeRadiograph("Embedding", ModelColumns.ImagePath, backbone: int8.ResNet)
            .Fit(heldOutView)
            .Transform(heldOutView)
            .GetColumn<VBuffer<float>>("Embedding")
            .Select(v => v.DenseValues().ToArray())
            .ToArray();
        using var embedder = BatchedEmbedder.Create(backbone: int8.ResNet);
        var pixels = mlContext.Transforms.PreprocessRadiograph(ModelColumns.ImagePath).Fit(heldOutView);
        var batched = embedder.Embed(pixels.Transform(heldOutView), batchSize: 4);
        var reference = Embed(File.ReadAllBytes(ResNetPath), prepared[8..]);

        Assert.True(
            MaxDifference(pipeline, batched) <= 1e-4,
            $"pipeline vs batched {MaxDifference(pipeline, batched):E2}"
        );
        double rms = RelativeRms(reference, batched);
        output.WriteLine($"int8 vs float on {batched.Length} held-out films: relative RMS {rms:0.000}");
        Assert.InRange(rms, 1e-4, 0.15); // quantized (not the float graph), and close to it
    }

    private static string ResNetPath => RadiographCatalog.ResNetPath();

    /// <summary>Simulated (synthetic) films as the backbone's input.</summary>
    internal static List<float[]> PreparedFilms(int patients, int seed)
    {
        using var folder = new TempFolder();
        CohortSimulator.Generate(folder.Path, patients, seed, SiteProfile.A);
        var cohort = CohortReader.Read(folder.Path, new CohortOptions { ExcludeColumns = ["t_score", "site"] });
        return Prepared(new MLContext(seed), new CohortDataView(cohort));
    }

    private static List<float[]> Prepared(MLContext mlContext, IDataView view)
    {
        float[] mean = BatchedEmbedder.ReadMeanImage();
        var pixels = mlContext.Transforms.PreprocessRadiograph(ModelColumns.ImagePath).Fit(view).Transform(view);
        var films = pixels
            .GetColumn<VBuffer<float>>(RadiographCatalog.PixelsColumn)
            .Select(v => v.DenseValues().ToArray())
            .ToList();
        films.ForEach(f => BatchedEmbedder.Prepare(f, mean));
        return films;
    }

    private static float[][] Embed(byte[] graph, IReadOnlyList<float[]> films)
    {
        using var session = new InferenceSession(graph);
        return
        [
            .. films.Select(film =>
            {
                var input = new DenseTensor<float>(film, [1, 3, 224, 224]);
                using var result = session.Run([NamedOnnxValue.CreateFromTensor(RadiographCatalog.ResNetInput, input)]);
                return result[0].AsTensor<float>().ToArray();
            }),
        ];
    }

    private static double MaxDifference(float[][] a, float[][] b) =>
        a.Zip(b).Max(pair => pair.First.Zip(pair.Second).Max(x => (double)Math.Abs(x.First - x.Second)));

    private static double RelativeRms(float[][] reference, float[][] other)
    {
        double difference = 0,
            total = 0;
        foreach (var (r, o) in reference.Zip(other))
        {
            for (int i = 0; i < r.Length; i++)
            {
                difference += Math.Pow(r[i] - o[i], 2);
                total += Math.Pow(r[i], 2);
            }
        }
        return Math.Sqrt(difference / total);
    }
}
