using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;

namespace OsteoMl.Imaging;

/// <summary>
/// The training-time featurizer: the same two ONNX graphs the saved pipeline runs, on the same preprocessed pixels,
/// but through ONNX Runtime sessions directly, in batches (the graphs' batch axis made dynamic with OnnxSharp) and
/// with full graph optimisation. ML.NET's <c>ApplyOnnxModel</c> runs one row at a time; this is where training spends
/// its time, so the embeddings are computed here once per run. The saved zip keeps the stock ML.NET path, and a
/// test holds the two to the same numbers.
/// </summary>
public sealed class BatchedEmbedder : IDisposable
{
    private readonly InferenceSession _preprocess;
    private readonly InferenceSession _resnet;

    private BatchedEmbedder(InferenceSession preprocess, InferenceSession resnet)
    {
        _preprocess = preprocess;
        _resnet = resnet;
    }

    public static BatchedEmbedder Create(string? modelFolder = null, int threads = 0)
    {
        modelFolder ??= RadiographCatalog.DefaultModelFolder;
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = threads > 0 ? threads : Environment.ProcessorCount,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        return new BatchedEmbedder(
            new InferenceSession(DynamicBatch(Path.Combine(modelFolder, "ResNetPrepOnnx", "ResNetPreprocess.onnx")), options),
            new InferenceSession(DynamicBatch(Path.Combine(modelFolder, "ResNet18Onnx", "ResNet18.onnx")), options));
    }

    /// <summary>
    /// Embeds every row of <paramref name="pixels"/> (a view with <see cref="RadiographCatalog.PixelsColumn"/>, e.g. from
    /// <see cref="RadiographCatalog.PreprocessRadiograph"/>), in row order.
    /// </summary>
    public float[][] Embed(IDataView pixels, int batchSize = 16, Action<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        const int size = 3 * RadiographCatalog.InputSize * RadiographCatalog.InputSize;
        var embeddings = new List<float[]>();
        var batch = new float[batchSize * size];
        int filled = 0;
        using var cursor = pixels.GetRowCursor([pixels.Schema[RadiographCatalog.PixelsColumn]]);
        var getter = cursor.GetGetter<VBuffer<float>>(pixels.Schema[RadiographCatalog.PixelsColumn]);
        VBuffer<float> row = default;
        while (cursor.MoveNext())
        {
            cancellationToken.ThrowIfCancellationRequested();
            getter(ref row);
            row.DenseValues().ToArray().CopyTo(batch, filled * size);
            if (++filled == batchSize)
            {
                embeddings.AddRange(Run(batch, filled));
                filled = 0;
                progress?.Invoke(embeddings.Count);
            }
        }
        if (filled > 0)
        {
            embeddings.AddRange(Run(batch, filled));
            progress?.Invoke(embeddings.Count);
        }
        return [.. embeddings];
    }

    private IEnumerable<float[]> Run(float[] batch, int count)
    {
        const int size = 3 * RadiographCatalog.InputSize * RadiographCatalog.InputSize;
        var dimensions = new[] { count, 3, RadiographCatalog.InputSize, RadiographCatalog.InputSize };
        var raw = new DenseTensor<float>(batch.AsMemory(0, count * size), dimensions);
        using var prepared = _preprocess.Run([NamedOnnxValue.CreateFromTensor(_preprocess.InputMetadata.Keys.Single(), raw)]);
        var preparedTensor = prepared.First().AsTensor<float>();
        using var output = _resnet.Run([NamedOnnxValue.CreateFromTensor(RadiographCatalog.ResNetInput, preparedTensor)]);
        float[] flat = output.First(o => o.Name == RadiographCatalog.ResNetOutput).AsEnumerable<float>().ToArray();
        for (int i = 0; i < count; i++)
        {
            yield return flat.AsSpan(i * RadiographCatalog.EmbeddingSize, RadiographCatalog.EmbeddingSize).ToArray();
        }
    }

    /// <summary>The graph with its leading (batch) dimension made symbolic, as bytes.</summary>
    private static byte[] DynamicBatch(string path)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        model.Graph.SetDim();
        return Google.Protobuf.MessageExtensions.ToByteArray(model);
    }

    public void Dispose()
    {
        _preprocess.Dispose();
        _resnet.Dispose();
    }
}
