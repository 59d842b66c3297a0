using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;

namespace OsteoMl.Imaging;

/// <summary>
/// The frozen ResNet18 quantized to int8 (<see cref="QdqQuantizer"/>), with activation ranges calibrated on training
/// films. The same ranges quantize the backbone inside an exported head-mode network, whose backbone weights are the
/// frozen ones, so the zip's network computes exactly the stage-4 activations its head was trained on.
/// </summary>
public sealed class Int8Backbone
{
    /// <summary>The last backbone tensor quantized: stage 4, after its ReLU.</summary>
    public const string RegionOutput = BatchedEmbedder.Stage4Output;

    private Int8Backbone(IReadOnlyDictionary<string, ActivationRange> ranges, int calibrationFilms, byte[] resNet)
    {
        Ranges = ranges;
        CalibrationFilms = calibrationFilms;
        ResNet = resNet;
    }

    public IReadOnlyDictionary<string, ActivationRange> Ranges { get; }
    public int CalibrationFilms { get; }

    /// <summary>
    /// The quantized ResNet18 graph (opset 13): input <see cref="RadiographCatalog.ResNetInput"/>, output the
    /// 512-float pooled embedding, as <see cref="BatchedEmbedder"/> and <see cref="RadiographCatalog"/> run it.
    /// </summary>
    public byte[] ResNet { get; }

    /// <summary>
    /// Calibrates on <paramref name="preparedFilms"/> (each 3 × 224 × 224, BGR minus the mean image: the backbone's
    /// input, <see cref="BatchedEmbedder.Prepare"/>): the smallest and largest value of every quantized activation.
    /// </summary>
    public static Int8Backbone Calibrate(IReadOnlyList<float[]> preparedFilms, string? modelFolder = null)
    {
        ArgumentNullException.ThrowIfNull(preparedFilms);
        ArgumentOutOfRangeException.ThrowIfZero(preparedFilms.Count);
        var model = FoldedResNet18(modelFolder);
        const string input = RadiographCatalog.ResNetInput;
        var tensors = QdqQuantizer.ActivationTensors(model.Graph, input, RegionOutput);
        var probe = model.Clone();
        probe.Graph.Output.Clear();
        probe.Graph.Output.AddRange(tensors.Skip(1).Select(t => new ValueInfoProto { Name = t }));
        var ranges = tensors.ToDictionary(t => t, _ => ActivationRange.Empty, StringComparer.Ordinal);
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC };
        using var session = new InferenceSession(Google.Protobuf.MessageExtensions.ToByteArray(probe), options);
        const int batch = 8;
        for (int start = 0; start < preparedFilms.Count; start += batch)
        {
            var films = preparedFilms.Skip(start).Take(batch).ToArray();
            float[] pixels = [.. films.SelectMany(f => f)];
            ranges[input] = ranges[input].Including(pixels);
            var tensor = new DenseTensor<float>(
                pixels,
                [films.Length, 3, RadiographCatalog.InputSize, RadiographCatalog.InputSize]
            );
            using var outputs = session.Run([NamedOnnxValue.CreateFromTensor(input, tensor)]);
            foreach (var output in outputs)
            {
                ranges[output.Name] = ranges[output.Name]
                    .Including(((DenseTensor<float>)output.AsTensor<float>()).Buffer.Span);
            }
        }
        var quantized = model.Clone();
        QdqQuantizer.Quantize(quantized.Graph, input, RegionOutput, ranges);
        return new Int8Backbone(ranges, preparedFilms.Count, Google.Protobuf.MessageExtensions.ToByteArray(quantized));
    }

    /// <summary>
    /// An exported head-mode network (<see cref="TrainedRadiographNetwork.Onnx"/>) with its backbone quantized by these
    /// ranges; the attention block, the wavelet energies and the classifier stay in float.
    /// </summary>
    public byte[] QuantizeNetwork(byte[] networkOnnx)
    {
        ArgumentNullException.ThrowIfNull(networkOnnx);
        var model = ModelProto.Parser.ParseFrom(networkOnnx);
        QdqQuantizer.FoldBatchNormalization(model.Graph);
        QdqQuantizer.Quantize(model.Graph, RadiographCatalog.ResNetInput, RegionOutput, Ranges);
        return Google.Protobuf.MessageExtensions.ToByteArray(model);
    }

    /// <summary>
    /// The packaged ResNet18 (opset 8) at opset 13 with a symbolic batch axis and its batch normalisations folded
    /// into the convolutions: the float graph that is quantized.
    /// </summary>
    public static ModelProto FoldedResNet18(string? modelFolder = null)
    {
        string path = RadiographCatalog.ResNetPath(modelFolder);
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        var nodes = model.Graph.Node.Select(OnnxOpset13.Node).ToList();
        model.Graph.Node.Clear();
        model.Graph.Node.AddRange(nodes);
        model.IrVersion = 7;
        model.OpsetImport.Clear();
        model.OpsetImport.Add(new OperatorSetIdProto { Version = 13 });
        model.Graph.SetDim();
        QdqQuantizer.FoldBatchNormalization(model.Graph);
        return model;
    }
}
