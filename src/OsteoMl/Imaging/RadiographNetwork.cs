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
    public RadiographNetworkOutput[] Run(IReadOnlyList<byte[]> films, int batchSize = 16)
    {
        ArgumentNullException.ThrowIfNull(films);
        var results = new RadiographNetworkOutput[films.Count];
        var pixels = new float[Math.Min(batchSize, Math.Max(1, films.Count)) * 3 * PlaneSize];
        for (int start = 0; start < films.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, films.Count - start);
            for (int i = 0; i < count; i++)
            {
                GrayFilm.ToPlanar(films[start + i], pixels.AsSpan(i * 3 * PlaneSize, 3 * PlaneSize));
            }
            Run(pixels.AsMemory(0, count * 3 * PlaneSize), count).CopyTo(results, start);
        }
        return results;
    }

    /// <summary>The outputs for <paramref name="count"/> films of planar pixels.</summary>
    public RadiographNetworkOutput[] Run(Memory<float> pixels, int count)
    {
        var input = new DenseTensor<float>(
            pixels,
            [count, 3, RadiographCatalog.InputSize, RadiographCatalog.InputSize]
        );
        using var outputs = _session.Run([NamedOnnxValue.CreateFromTensor(InputName, input)]);
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

    public void Dispose() => _session.Dispose();
}
