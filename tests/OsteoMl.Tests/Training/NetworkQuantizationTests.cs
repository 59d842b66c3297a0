using Microsoft.ML;
using OsteoMl.Common;
using OsteoMl.Data;
using OsteoMl.Imaging;
using OsteoMl.Simulation;
using OsteoMl.Tests.Imaging;
using OsteoMl.Training.Export;
using OsteoMl.Training.FineTuning;
using OsteoMl.Training.Network;
using TorchSharp;
using static TorchSharp.torch;

namespace OsteoMl.Tests.Training;

public sealed class NetworkQuantizationTests
{
    [Fact]
    public void Given_a_head_trained_on_int8_stage_4_activations_When_its_exported_network_is_quantized_Then_ONNX_Runtime_computes_the_same_probabilities()
    {
        TorchRuntime.EnsureLoaded();
        using var folder = new TempFolder();
        CohortSimulator.Generate(folder.Path, 4, seed: 31, SiteProfile.A);
        var cohort = CohortReader.Read(folder.Path, new CohortOptions { ExcludeColumns = ["t_score", "site"] });
        var mlContext = new MLContext(1);
        IDataView view = new CohortDataView(cohort);
        var pixels = mlContext.Transforms.PreprocessRadiograph(ModelColumns.ImagePath).Fit(view).Transform(view);
        var int8 = Int8Backbone.Calibrate(Int8BackboneTests.PreparedFilms(5, seed: 32));
        using var embedder = BatchedEmbedder.Create(backbone: int8.ResNet);
        using var films = new SpilledRows<byte>(224 * 224, folder.Path);
        using var activations = new SpilledRows<float>(BatchedEmbedder.Stage4Size, folder.Path);
        embedder.Embed(pixels, batchSize: 2, films: films, stage4: activations);
        using var network = WaveletAttentionNetwork.Create(null, seed: 3);
        network.eval();
        manual_seed(5);
        using (no_grad())
        using (NewDisposeScope())
        using (var step = 0.05.ToScalar())
        {
            foreach (var (_, parameter) in network.BlockParameters)
            {
                parameter.add_(randn_like(parameter) * step, ConstantScalars.Unit);
            }
        }

        byte[] floatGraph = NetworkOnnxExporter.Export(network);
        using var quantized = new RadiographNetwork(int8.QuantizeNetwork(floatGraph));
        using var unquantized = new RadiographNetwork(floatGraph);
        var byOnnx = quantized.Run(films, batchSize: 3);
        var byFloat = unquantized.Run(films);

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var stage4 = tensor(activations.SelectMany(s => s).ToArray(), [films.Count, 512, 7, 7]);
        var gray = tensor(
            films.SelectMany(f => Enumerable.Repeat(f, 3)).SelectMany(p => p.Select(b => (float)b)).ToArray(),
            [films.Count, 3, 224, 224]
        );
        float[] expected = network.Head(stage4, network.WaveletEnergies(gray)).Logit.sigmoid().data<float>().ToArray();
        double difference = byOnnx.Select((o, i) => (double)Math.Abs(o.Probability - expected[i])).Max();
        double quantization = byFloat.Select((o, i) => (double)Math.Abs(o.Probability - expected[i])).Max();
        Assert.True(difference <= 1e-4, $"int8 graph vs head on int8 activations: {difference:E2}");
        Assert.True(quantization > difference, "the float graph differs from the int8 one");
    }
}
