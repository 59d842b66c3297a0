using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;
using OsteoMl.Common;

namespace OsteoMl.Imaging;

/// <summary>
/// The training-time featurizer: what the saved pipeline's two ONNX graphs compute, on the same preprocessed pixels,
/// but through one ONNX Runtime session directly, in batches (ResNet18's batch axis made dynamic with OnnxSharp), with
/// full graph optimisation, the tiny preprocessing graph done in place in C#, and image decoding overlapped with
/// inference. ML.NET's <c>ApplyOnnxModel</c> runs one row at a time; this is where training spends
/// its time, so the embeddings are computed here once per run. The saved zip keeps the stock ML.NET path, and a
/// test holds the two to the same numbers.
/// </summary>
public sealed class BatchedEmbedder : IDisposable
{
    private const int PlaneSize = RadiographCatalog.InputSize * RadiographCatalog.InputSize;
    private const int ImageSize = 3 * PlaneSize;

    /// <summary>ResNet18's stage-4 activations (512 × 7 × 7), the input of the graph's final average pool.</summary>
    public const string Stage4Output = "ReLU393_Output_0";
    public const int Stage4Size = RadiographCatalog.EmbeddingSize * 7 * 7;

    private readonly float[] _meanImage;
    private readonly InferenceSession _resnet;

    private BatchedEmbedder(float[] meanImage, InferenceSession resnet)
    {
        _meanImage = meanImage;
        _resnet = resnet;
    }

    /// <param name="device">A resolved device (<see cref="ComputeDevice.Resolve(out string?)"/>); null: the
    /// CPU.</param>
    /// <param name="backbone">The ResNet18 graph to run (e.g. <see cref="Int8Backbone.ResNet"/>); null: the packaged
    /// float one.</param>
    public static BatchedEmbedder Create(
        string? modelFolder = null,
        int threads = 0,
        ComputeDevice? device = null,
        byte[]? backbone = null
    )
    {
        modelFolder ??= RadiographCatalog.DefaultModelFolder;
        backbone ??= File.ReadAllBytes(RadiographCatalog.ResNetPath(modelFolder));
        using var options = (device ?? ComputeDevice.Cpu).SessionOptions(threads);
        return new BatchedEmbedder(ReadMeanImage(modelFolder), new InferenceSession(DynamicBatch(backbone), options));
    }

    /// <summary>
    /// Embeds every row of <paramref name="pixels"/> (a view with <see cref="RadiographCatalog.PixelsColumn"/>, e.g.
    /// from
    /// <see cref="RadiographCatalog.PreprocessRadiograph"/>), in row order.
    /// </summary>
    /// <param name="films">When given, receives every row's <see cref="GrayFilm"/> in row order (for network training,
    /// without a second decode; 50 kB per film).</param>
    /// <param name="stage4">When given, receives every row's stage-4 activations in row order (the image network's
    /// head mode trains on them instead of recomputing the frozen backbone; 100 kB per film).</param>
    /// <param name="energies">When given, receives every row's fine wavelet maps in row order (the view's
    /// <see cref="FilmGraph.EnergiesName"/> column, from a grid finer than 224; 3.5 kB per film at 1792).</param>
    public float[][] Embed(
        IDataView pixels,
        int batchSize = 16,
        Action<int>? progress = null,
        CancellationToken cancellationToken = default,
        SpilledRows<byte>? films = null,
        SpilledRows<float>? stage4 = null,
        List<float[]>? energies = null
    )
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        // Decoding, resizing and pixel extraction (ML.NET, one thread) overlap with inference (ONNX Runtime):
        // a reader fills batches while the previous one runs. Three batch buffers circulate between the two, so the
        // large-object heap does not fill with a new 9.6 MB array per batch (it did: 2.4 GB peak on 1780 films).
        using var free = new System.Collections.Concurrent.BlockingCollection<float[]>();
        for (int i = 0; i < 3; i++)
        {
            free.Add(new float[batchSize * ImageSize]);
        }
        using var batches = new System.Collections.Concurrent.BlockingCollection<(float[] Pixels, int Count)>(
            boundedCapacity: 2
        );
        // Stops the reader when the consumer fails: it would otherwise wait for ever for a buffer that never returns.
        using var stopReader = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = Task.Run(
            () =>
            {
                try
                {
                    ReadBatches(pixels, batchSize, free, batches, films, energies, stopReader.Token);
                }
                finally
                {
                    batches.CompleteAdding();
                }
            },
            stopReader.Token
        );
        var embeddings = new List<float[]>();
        try
        {
            foreach (var (batch, count) in batches.GetConsumingEnumerable(cancellationToken))
            {
                embeddings.AddRange(Run(batch, count, stage4));
                free.Add(batch, CancellationToken.None);
                progress?.Invoke(embeddings.Count);
            }
        }
        finally
        {
            stopReader.Cancel();
            try
            {
                reader.Wait(CancellationToken.None);
            }
            catch (AggregateException e) when (e.InnerException is OperationCanceledException)
            {
                // The caller's cancellation is reported below; a consumer failure propagates from the loop.
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        return [.. embeddings];
    }

    private static void ReadBatches(
        IDataView pixels,
        int batchSize,
        System.Collections.Concurrent.BlockingCollection<float[]> free,
        System.Collections.Concurrent.BlockingCollection<(float[], int)> batches,
        SpilledRows<byte>? films,
        List<float[]>? energies,
        CancellationToken cancellationToken
    )
    {
        const int size = 3 * RadiographCatalog.InputSize * RadiographCatalog.InputSize;
        var column = pixels.Schema[RadiographCatalog.PixelsColumn];
        var energyColumn = energies is null ? (DataViewSchema.Column?)null : pixels.Schema[FilmGraph.EnergiesName];
        using var cursor = pixels.GetRowCursor(energyColumn is { } c ? [column, c] : [column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var energyGetter = energyColumn is { } e ? cursor.GetGetter<VBuffer<float>>(e) : null;
        VBuffer<float> row = default,
            maps = default;
        var batch = free.Take(cancellationToken);
        int filled = 0;
        while (cursor.MoveNext())
        {
            cancellationToken.ThrowIfCancellationRequested();
            getter(ref row);
            row.GetValues().CopyTo(batch.AsSpan(filled * size, size));
            films?.Add(GrayFilm.FromPlanar(row.GetValues()));
            if (energyGetter is not null)
            {
                energyGetter(ref maps);
                energies!.Add(maps.DenseValues().ToArray());
            }
            if (++filled == batchSize)
            {
                batches.Add((batch, filled), cancellationToken);
                batch = free.Take(cancellationToken);
                filled = 0;
            }
        }
        if (filled > 0)
        {
            batches.Add((batch, filled), cancellationToken);
        }
    }

    private float[][] Run(float[] batch, int count, SpilledRows<float>? stage4)
    {
        Preprocess(batch, count);
        var dimensions = new[] { count, 3, RadiographCatalog.InputSize, RadiographCatalog.InputSize };
        var input = new DenseTensor<float>(batch.AsMemory(0, count * ImageSize), dimensions);
        string[] outputs = stage4 is null
            ? [RadiographCatalog.ResNetOutput]
            : [RadiographCatalog.ResNetOutput, Stage4Output];
        using var output = _resnet.Run(
            [NamedOnnxValue.CreateFromTensor(RadiographCatalog.ResNetInput, input)],
            outputs
        );
        // ONNX Runtime's output buffers, read in place (no 1.6 MB copy per batch on the large-object heap).
        if (stage4 is not null)
        {
            var activations = Buffer(output, Stage4Output);
            for (int i = 0; i < count; i++)
            {
                stage4.Add(activations.Slice(i * Stage4Size, Stage4Size));
            }
        }
        var flat = Buffer(output, RadiographCatalog.ResNetOutput);
        const int size = RadiographCatalog.EmbeddingSize;
        var embeddings = new float[count][];
        for (int i = 0; i < count; i++)
        {
            embeddings[i] = flat.Slice(i * size, size).ToArray();
        }
        return embeddings;
    }

    private static ReadOnlySpan<float> Buffer(IEnumerable<DisposableNamedOnnxValue> outputs, string name) =>
        ((DenseTensor<float>)outputs.First(o => o.Name == name).AsTensor<float>()).Buffer.Span;

    /// <summary>
    /// What ResNetPreprocess.onnx computes (Split into R, G, B planes → Concat as B, G, R → Sub MeanImage), in place:
    /// the same float operations, so the same bits, without a second session and two tensor copies per batch.
    /// </summary>
    private void Preprocess(float[] batch, int count)
    {
        for (int image = 0; image < count; image++)
        {
            Prepare(batch.AsSpan(image * ImageSize, ImageSize), _meanImage);
        }
    }

    /// <summary>
    /// One film's pixels (<see cref="RadiographCatalog.PixelsColumn"/>) turned, in place, into ResNet18's input:
    /// RGB → BGR planes, minus <paramref name="meanImage"/> (<see cref="ReadMeanImage"/>).
    /// </summary>
    public static void Prepare(Span<float> pixels, ReadOnlySpan<float> meanImage)
    {
        Span<float> first = pixels[..PlaneSize],
            third = pixels[(2 * PlaneSize)..ImageSize];
        for (int i = 0; i < PlaneSize; i++)
        {
            (first[i], third[i]) = (third[i], first[i]);
        }
        for (int i = 0; i < ImageSize; i++)
        {
            pixels[i] -= meanImage[i];
        }
    }

    /// <summary>
    /// The packaged preprocessing graph's ImageNet mean image (3 × 224 × 224, BGR), after checking the graph is the one
    /// this class mirrors. The image network's TorchSharp twin subtracts the same constant.
    /// </summary>
    public static float[] ReadMeanImage(string? modelFolder = null)
    {
        string path = Path.Combine(
            modelFolder ?? RadiographCatalog.DefaultModelFolder,
            "ResNetPrepOnnx",
            "ResNetPreprocess.onnx"
        );
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        string[] ops = [.. model.Graph.Node.Select(n => n.OpType)];
        var concat = model.Graph.Node.FirstOrDefault(n => n.OpType == "Concat");
        var mean = model.Graph.Initializer.FirstOrDefault(t => t.Name == "MeanImage");
        if (
            !ops.SequenceEqual(["Split", "Concat", "Sub"])
            || concat is null
            || !concat.Input.SequenceEqual(["BInp", "GInp", "RInp"])
            || mean is null
            || mean.FloatData.Count != ImageSize
        )
        {
            throw new InvalidDataException(
                $"{path} is not the ResNetPreprocess graph this version mirrors (Split → Concat B,G,R → Sub MeanImage)."
            );
        }
        return [.. mean.FloatData];
    }

    /// <summary>
    /// The graph with its leading (batch) dimension made symbolic and stage 4 exposed as an output, as bytes.
    /// </summary>
    private static byte[] DynamicBatch(byte[] graph)
    {
        var model = ModelProto.Parser.ParseFrom(graph);
        var stage4 = new ValueInfoProto { Name = Stage4Output, Type = model.Graph.Output[0].Type.Clone() };
        stage4.Type.TensorType.Shape.Dim[1].DimValue = RadiographCatalog.EmbeddingSize;
        stage4.Type.TensorType.Shape.Dim[2].DimValue = 7;
        stage4.Type.TensorType.Shape.Dim[3].DimValue = 7;
        model.Graph.Output.Add(stage4);
        model.Graph.SetDim();
        return Google.Protobuf.MessageExtensions.ToByteArray(model);
    }

    public void Dispose()
    {
        _resnet.Dispose();
    }
}
