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

    [Fact]
    public void Given_a_network_on_a_448_grid_When_exported_and_fed_by_the_film_graph_Then_ONNX_Runtime_equals_TorchSharp()
    {
        TorchRuntime.EnsureLoaded();
        using var folder = new TempFolder();
        var (films, _) = TrainingFilms.Simulate(folder.Path, 3, seed: 11);
        var grid = new FilmResolution(448);
        using var network = WaveletAttentionNetwork.Create(null, seed: 3, grid);
        network.eval();
        manual_seed(5);
        using (no_grad())
        using (NewDisposeScope())
        using (var step = 0.05.ToScalar())
        using (var half = 0.5.ToScalar())
        {
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
        // 448-pixel films: each 224 film doubled, with pixel noise the 224 grid cannot hold (what the fine maps see).
        var random = new Random(9);
        float[] fine = [.. films.SelectMany(f => Planes(Upscaled(f, random)))];
        var (pixels, energies) = FilmGraphOutputs(grid, fine, films.Length);

        byte[] onnx = NetworkOnnxExporter.Export(network);
        using var runtime = new RadiographNetwork(onnx);
        Assert.True(runtime.TakesEnergies);
        var byOnnx = runtime.Run(pixels.AsMemory(), films.Length, energies);

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (logit, embedding, _, _) = network.Head(
            network.Stage4Features(tensor(pixels, [films.Length, 3, 224, 224])),
            tensor(energies, [films.Length, grid.WaveletMaps, 7, 7])
        );
        float[] logits = logit.data<float>().ToArray(),
            embeddings = embedding.data<float>().ToArray();
        double logitDiff = byOnnx.Select((o, i) => (double)Math.Abs(o.Logit - logits[i])).Max();
        // Relative to the value: ONNX Runtime's and libtorch's convolutions sum in different orders, and pooled stage-4
        // activations reach tens.
        double embeddingDiff = byOnnx
            .SelectMany(
                (o, i) =>
                    o.Embedding.Select(
                        (v, j) =>
                        {
                            float expected = embeddings[i * RadiographNetwork.EmbeddingSize + j];
                            return Math.Abs(v - expected) / Math.Max(1.0, Math.Abs(expected));
                        }
                    )
            )
            .Max();
        Assert.Equal(15, grid.WaveletMaps); // five levels: the 224 grid's four and one finer
        Assert.True(logitDiff <= 1e-4, $"logit max abs difference {logitDiff:E2}");
        Assert.True(embeddingDiff <= 1e-4, $"embedding max relative difference {embeddingDiff:E2}");
        output.WriteLine($"448 grid, ORT vs TorchSharp: logit {logitDiff:E2}, embedding (relative) {embeddingDiff:E2}");
    }

    /// <summary>A 224 film doubled on each axis, plus uniform noise of ±12 gray levels.</summary>
    internal static byte[] Upscaled(byte[] film, Random random)
    {
        var fine = new byte[448 * 448];
        for (int y = 0; y < 448; y++)
        {
            for (int x = 0; x < 448; x++)
            {
                fine[y * 448 + x] = (byte)Math.Clamp(film[y / 2 * 224 + x / 2] + random.Next(-12, 13), 0, 255);
            }
        }
        return fine;
    }

    private static IEnumerable<float> Planes(byte[] gray) =>
        Enumerable.Repeat(gray, 3).SelectMany(plane => plane.Select(b => (float)b));

    /// <summary>The film graph's 224 pixels and fine maps for <paramref name="count"/> planar films.</summary>
    internal static (float[] Pixels, float[] Energies) FilmGraphOutputs(FilmResolution grid, float[] fine, int count)
    {
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(FilmGraph.Build(grid));
        var input = new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(fine, [count, 3, grid.Side, grid.Side]);
        using var outputs = session.Run([
            Microsoft.ML.OnnxRuntime.NamedOnnxValue.CreateFromTensor(FilmGraph.InputName, input),
        ]);
        return (
            [.. outputs.First(o => o.Name == RadiographCatalog.PixelsColumn).AsEnumerable<float>()],
            [.. outputs.First(o => o.Name == FilmGraph.EnergiesName).AsEnumerable<float>()]
        );
    }
}
