using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace OsteoMl.Imaging;

/// <summary>
/// The exported wavelet-attention network run by ONNX Runtime in batches: the trainer's ablation and the occlusion
/// maps of <c>explain</c> use it; the saved zip runs the same bytes through ML.NET's <c>ApplyOnnxModel</c>.
/// </summary>
public sealed class RadiographNetwork : IDisposable
{
    /// <summary>
    /// Graph input: 3 × 224 × 224 planar 0–255 pixels, as <see cref="RadiographCatalog.PreprocessRadiograph"/> extracts
    /// them.
    /// </summary>
    public const string InputName = RadiographCatalog.PixelsColumn;
    public const string EmbeddingOutput = "embedding";
    public const string ProbabilityOutput = "probability";

    /// <summary>The image logit before the sigmoid (the stack's image head calibrates it).</summary>
    public const string LogitOutput = "logit";
    public const string AttentionOutput = "attention";

    /// <summary>GAP of ResNet18 stage 4 joined with the attention-weighted pooling of the same activations.</summary>
    public const int EmbeddingSize = 2 * RadiographCatalog.EmbeddingSize;

    /// <summary>The attention map's side: ResNet18 stage 4 on a 224-pixel film (one cell per 32 × 32 pixels).</summary>
    public const int AttentionSide = 7;

    private const int PlaneSize = RadiographCatalog.InputSize * RadiographCatalog.InputSize;
    private readonly InferenceSession _session;

    public RadiographNetwork(byte[] onnx, int threads = 0, ComputeDevice? device = null)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        using var options = (device ?? ComputeDevice.Cpu).SessionOptions(threads);
        _session = new InferenceSession(onnx, options);
    }

    /// <summary>
    /// The network's outputs for gray 224 × 224 films (each byte plane copied to the three channels).
    /// </summary>
    /// <param name="energies">Each film's fine wavelet maps (<see cref="FilmGraph.EnergiesName"/>), for a network on a
    /// grid finer than 224, whose graph takes them as a second input.</param>
    public RadiographNetworkOutput[] Run(
        IReadOnlyList<byte[]> films,
        int batchSize = 16,
        IReadOnlyList<float[]>? energies = null
    )
    {
        ArgumentNullException.ThrowIfNull(films);
        if (TakesEnergies != energies is not null)
        {
            throw new ArgumentException(
                TakesEnergies
                    ? "this network reads fine-grid wavelet maps: pass each film's."
                    : "this network computes its wavelet maps itself: pass none.",
                nameof(energies)
            );
        }
        var results = new RadiographNetworkOutput[films.Count];
        var pixels = new float[Math.Min(batchSize, Math.Max(1, films.Count)) * 3 * PlaneSize];
        for (int start = 0; start < films.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, films.Count - start);
            for (int i = 0; i < count; i++)
            {
                GrayFilm.ToPlanar(films[start + i], pixels.AsSpan(i * 3 * PlaneSize, 3 * PlaneSize));
            }
            Run(pixels.AsMemory(0, count * 3 * PlaneSize), count, Slice(energies, start, count)).CopyTo(results, start);
        }
        return results;
    }

    /// <summary>
    /// True for a network on a grid finer than 224: its graph reads <see cref="FilmGraph.EnergiesName"/> as well.
    /// </summary>
    public bool TakesEnergies => _session.InputMetadata.ContainsKey(FilmGraph.EnergiesName);

    /// <summary>The outputs for <paramref name="count"/> films of planar pixels (and their fine wavelet maps).</summary>
    public RadiographNetworkOutput[] Run(Memory<float> pixels, int count, float[]? energies = null)
    {
        var input = new DenseTensor<float>(
            pixels,
            [count, 3, RadiographCatalog.InputSize, RadiographCatalog.InputSize]
        );
        List<NamedOnnxValue> inputs = [NamedOnnxValue.CreateFromTensor(InputName, input)];
        if (energies is not null)
        {
            const int side = AttentionSide;
            var maps = new DenseTensor<float>(energies, [count, energies.Length / count / (side * side), side, side]);
            inputs.Add(NamedOnnxValue.CreateFromTensor(FilmGraph.EnergiesName, maps));
        }
        using var outputs = _session.Run(inputs);
        float[] embedding = outputs.First(o => o.Name == EmbeddingOutput).AsEnumerable<float>().ToArray();
        float[] probability = outputs.First(o => o.Name == ProbabilityOutput).AsEnumerable<float>().ToArray();
        float[] logit = outputs.First(o => o.Name == LogitOutput).AsEnumerable<float>().ToArray();
        float[] attention = outputs.First(o => o.Name == AttentionOutput).AsEnumerable<float>().ToArray();
        const int cells = AttentionSide * AttentionSide;
        return
        [
            .. Enumerable
                .Range(0, count)
                .Select(i => new RadiographNetworkOutput(
                    embedding.AsSpan(i * EmbeddingSize, EmbeddingSize).ToArray(),
                    probability[i],
                    logit[i],
                    attention.AsSpan(i * cells, cells).ToArray()
                )),
        ];
    }

    /// <summary>The maps of films <paramref name="start"/> … + <paramref name="count"/>, as one array (null: none).</summary>
    private static float[]? Slice(IReadOnlyList<float[]>? energies, int start, int count) =>
        energies is null ? null : [.. Enumerable.Range(start, count).SelectMany(i => energies[i])];

    public void Dispose() => _session.Dispose();
}
