using OsteoMl.Imaging;
using OsteoMl.Training.Export;
using OsteoMl.Training.FineTuning;
using OsteoMl.Training.Network;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace OsteoMl.Tests.Training;

public sealed class NetworkOnnxExporterTests(ITestOutputHelper output)
{
    [Fact]
    public void Given_a_network_with_non_trivial_weights_When_exported_Then_ONNX_Runtime_equals_TorchSharp_for_any_batch_size()
    {
        TorchRuntime.EnsureLoaded();
        using var folder = new TempFolder();
        var (films, _) = TrainingFilms.Simulate(folder.Path, 3, seed: 11);
        using var network = WaveletAttentionNetwork.Create(null, seed: 3);
        network.eval();
        manual_seed(5);
        using (no_grad())
        using (NewDisposeScope())
        using (var step = 0.05.ToScalar())
        using (var half = 0.5.ToScalar())
        {
            // Move every learned tensor off its initial value, so the test would see a mis-wired weight.
            foreach (var (_, parameter) in network.BlockParameters)
            {
                parameter.add_(randn_like(parameter) * step, ConstantScalars.Unit);
            }
            network.SetWaveletStandardisation(randn(network.WaveletMaps), rand(network.WaveletMaps).Plus(half));
            network.SetEmbeddingStandardisation(
                randn(RadiographNetwork.EmbeddingSize),
                rand(RadiographNetwork.EmbeddingSize).Plus(half)
            );
        }

        byte[] onnx = NetworkOnnxExporter.Export(network);
        using var runtime = new RadiographNetwork(onnx);
        var byOnnx = runtime.Run(films, batchSize: 2); // a full batch of 2 and a batch of 1: the batch axis is dynamic

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var pixels = tensor(
            films.SelectMany(f => Enumerable.Repeat(f, 3)).SelectMany(p => p.Select(b => (float)b)).ToArray(),
            [films.Length, 3, 224, 224]
        );
        var (logit, embedding, attention, _) = network.Head(
            network.Stage4Features(pixels),
            network.WaveletEnergies(pixels)
        );
        float[] probability = logit.sigmoid().data<float>().ToArray();
        float[] embeddings = embedding.data<float>().ToArray(),
            maps = attention.data<float>().ToArray();

        double Max(IEnumerable<double> values) => values.Max();
        double embeddingDiff = Max(
            byOnnx.SelectMany(
                (o, i) =>
                    o.Embedding.Select(
                        (v, j) => (double)Math.Abs(v - embeddings[i * RadiographNetwork.EmbeddingSize + j])
                    )
            )
        );
        double probabilityDiff = Max(byOnnx.Select((o, i) => (double)Math.Abs(o.Probability - probability[i])));
        double attentionDiff = Max(
            byOnnx.SelectMany((o, i) => o.Attention.Select((v, j) => (double)Math.Abs(v - maps[i * 49 + j])))
        );
        Assert.True(embeddingDiff <= 1e-4, $"embedding max abs difference {embeddingDiff:E2}");
        Assert.True(probabilityDiff <= 1e-4, $"probability max abs difference {probabilityDiff:E2}");
        Assert.True(attentionDiff <= 1e-4, $"attention max abs difference {attentionDiff:E2}");
        Assert.True(attention.std().item<float>() > 1e-3, "the attention map varies over the film");
        Assert.Equal(films.Length, byOnnx.Select(o => o.Probability).Distinct().Count());
        output.WriteLine(
            $"ORT vs TorchSharp, {films.Length} films: embedding {embeddingDiff:E2}, probability "
                + $"{probabilityDiff:E2}, attention {attentionDiff:E2}"
        );
    }
}
