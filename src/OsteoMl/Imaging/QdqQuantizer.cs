using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace OsteoMl.Imaging;

/// <summary>
/// Static int8 quantization of a convolutional backbone in ONNX's QDQ format, written with OnnxSharp's protobuf types
/// (no ONNX quantizer exists for .NET). Batch normalisations are folded into the convolutions first; then, inside the
/// region from an input tensor to an output tensor, every convolution gets per-channel symmetric int8 weights and an
/// int32 bias, and every activation a uint8 QuantizeLinear → DequantizeLinear pair with the scale and zero point of
/// its calibrated range. ONNX Runtime fuses these patterns into integer kernels (QLinearConv, QLinearAdd, uint8
/// MaxPool; VNNI instructions where the CPU has them). A ReLU needs no pair of its own: its output range starts at 0,
/// so the uint8 pair after it clamps exactly as the ReLU does and ONNX Runtime drops the ReLU.
/// </summary>
public static class QdqQuantizer
{
    /// <summary>
    /// Folds every BatchNormalization that follows a Conv (its only consumer) into that Conv's weights and bias, as
    /// inference computes it: w' = w·γ/√(σ² + ε), b' = (b − μ)·γ/√(σ² + ε) + β.
    /// </summary>
    public static void FoldBatchNormalization(GraphProto graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var norm in graph.Node.Where(n => n.OpType == "BatchNormalization").ToList())
        {
            var conv = graph.Node.SingleOrDefault(n => n.Output.Contains(norm.Input[0]));
            if (conv?.OpType != "Conv" || Consumers(graph, norm.Input[0]).Count != 1)
            {
                continue;
            }
            float epsilon = norm.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
            float[] gamma = Floats(initializers[norm.Input[1]]),
                beta = Floats(initializers[norm.Input[2]]),
                mean = Floats(initializers[norm.Input[3]]),
                variance = Floats(initializers[norm.Input[4]]);
            var weightTensor = initializers[conv.Input[1]];
            float[] weights = Floats(weightTensor);
            int channels = (int)weightTensor.Dims[0],
                perChannel = weights.Length / channels;
            float[] bias = conv.Input.Count > 2 ? Floats(initializers[conv.Input[2]]) : new float[channels];
            for (int c = 0; c < channels; c++)
            {
                double factor = gamma[c] / Math.Sqrt(variance[c] + epsilon);
                for (int i = c * perChannel; i < (c + 1) * perChannel; i++)
                {
                    weights[i] = (float)(weights[i] * factor);
                }
                bias[c] = (float)((bias[c] - mean[c]) * factor + beta[c]);
            }
            // New names: the original tensors may be shared with another graph or node.
            string weightName = norm.Output[0] + "_folded_w",
                biasName = norm.Output[0] + "_folded_b";
            graph.Initializer.Add(FloatTensor(weightName, [.. weightTensor.Dims], weights));
            graph.Initializer.Add(FloatTensor(biasName, [channels], bias));
            conv.Input[1] = weightName;
            if (conv.Input.Count > 2)
            {
                conv.Input[2] = biasName;
            }
            else
            {
                conv.Input.Add(biasName);
            }
            conv.Output[0] = norm.Output[0];
            graph.Node.Remove(norm);
        }
        RemoveUnusedInitializers(graph);
    }

    /// <summary>
    /// The region's nodes in graph order: Conv, Relu, Add and MaxPool nodes that descend from <paramref name="input"/>
    /// and lead to <paramref name="output"/>.
    /// </summary>
    public static List<NodeProto> Region(GraphProto graph, string input, string output)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var reached = new HashSet<string>(StringComparer.Ordinal) { input };
        var forward = new List<NodeProto>();
        foreach (var node in graph.Node.Where(n => n.OpType is "Conv" or "Relu" or "Add" or "MaxPool"))
        {
            if (node.Input.Any(reached.Contains))
            {
                forward.Add(node);
                reached.UnionWith(node.Output);
            }
        }
        var needed = new HashSet<string>(StringComparer.Ordinal) { output };
        var region = new List<NodeProto>();
        for (int i = forward.Count - 1; i >= 0; i--)
        {
            if (forward[i].Output.Any(needed.Contains))
            {
                region.Add(forward[i]);
                needed.UnionWith(forward[i].Input);
            }
        }
        if (!reached.Contains(output) || region.Count == 0)
        {
            throw new InvalidDataException($"no Conv/Relu/Add/MaxPool path from '{input}' to '{output}' in the graph.");
        }
        region.Reverse();
        return region;
    }

    /// <summary>
    /// The activation tensors that get a quantize/dequantize pair: the region's input and every node output except a
    /// Conv's or Add's that only feeds a ReLU (the pair after the ReLU covers it).
    /// </summary>
    public static List<string> ActivationTensors(GraphProto graph, string input, string output)
    {
        var tensors = new List<string> { input };
        foreach (var node in Region(graph, input, output))
        {
            var consumers = Consumers(graph, node.Output[0]);
            bool onlyRelu = consumers.Count == 1 && consumers[0].OpType == "Relu";
            if (!(node.OpType is "Conv" or "Add" && onlyRelu))
            {
                tensors.Add(node.Output[0]);
            }
        }
        return tensors;
    }

    /// <summary>
    /// Rewrites the region in QDQ form. <paramref name="ranges"/> holds every tensor of
    /// <see cref="ActivationTensors"/> (a MaxPool output reuses its input's pair, so that the pool runs on uint8).
    /// Tensor names outside the region, graph outputs included, keep their meaning.
    /// </summary>
    public static void Quantize(
        GraphProto graph,
        string input,
        string output,
        IReadOnlyDictionary<string, ActivationRange> ranges
    )
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(ranges);
        var region = Region(graph, input, output);
        var parameters = new Dictionary<string, (float Scale, byte Zero)>(StringComparer.Ordinal);
        foreach (string tensor in ActivationTensors(graph, input, output))
        {
            var producer = region.FirstOrDefault(n => n.Output[0] == tensor);
            parameters[tensor] =
                producer?.OpType == "MaxPool" ? parameters[producer.Input[0]]
                : ranges.TryGetValue(tensor, out var range) ? Uint8(range)
                : throw new ArgumentException($"no calibrated range for '{tensor}'.", nameof(ranges));
        }
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var nodes = graph.Node.ToList();
        foreach (var conv in region.Where(n => n.OpType == "Conv"))
        {
            nodes.InsertRange(
                nodes.IndexOf(conv),
                QuantizeConvolution(graph, conv, initializers, parameters[conv.Input[0]].Scale)
            );
        }
        foreach (var (tensor, (scale, zero)) in parameters)
        {
            InsertPair(graph, nodes, tensor, scale, zero);
        }
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        RemoveUnusedInitializers(graph);
    }

    /// <summary>
    /// Per output channel: scale = max|w| / 127, zero point 0; the bias as int32 in units of input scale × weight
    /// scale (what QLinearConv accumulates in). Returns the DequantizeLinear nodes that now feed the Conv.
    /// </summary>
    private static NodeProto[] QuantizeConvolution(
        GraphProto graph,
        NodeProto conv,
        Dictionary<string, TensorProto> initializers,
        float inputScale
    )
    {
        var weightTensor = initializers[conv.Input[1]];
        float[] weights = Floats(weightTensor);
        int channels = (int)weightTensor.Dims[0],
            perChannel = weights.Length / channels;
        var quantized = new sbyte[weights.Length];
        var scales = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            var channel = weights.AsSpan(c * perChannel, perChannel);
            float largest = 0;
            foreach (float w in channel)
            {
                largest = Math.Max(largest, Math.Abs(w));
            }
            scales[c] = largest > 0 ? largest / 127f : 1f;
            for (int i = 0; i < perChannel; i++)
            {
                quantized[c * perChannel + i] = (sbyte)Math.Clamp(MathF.Round(channel[i] / scales[c]), -127, 127);
            }
        }
        string weightName = conv.Input[1];
        graph.Initializer.Add(
            RawTensor(weightName + "_q", TensorProto.Types.DataType.Int8, [.. weightTensor.Dims], quantized)
        );
        graph.Initializer.Add(FloatTensor(weightName + "_scale", [channels], scales));
        graph.Initializer.Add(
            RawTensor(weightName + "_zero", TensorProto.Types.DataType.Int8, [channels], new sbyte[channels])
        );
        var dequantizers = new List<NodeProto> { Dequantize(weightName, axis: 0) };
        conv.Input[1] = weightName + "_dq";
        if (conv.Input.Count > 2)
        {
            string biasName = conv.Input[2];
            float[] bias = Floats(initializers[biasName]);
            var biasScales = new float[channels];
            var biasQuantized = new int[channels];
            for (int c = 0; c < channels; c++)
            {
                biasScales[c] = inputScale * scales[c];
                biasQuantized[c] = (int)Math.Round(bias[c] / biasScales[c]);
            }
            graph.Initializer.Add(
                RawTensor(biasName + "_q", TensorProto.Types.DataType.Int32, [channels], biasQuantized)
            );
            graph.Initializer.Add(FloatTensor(biasName + "_scale", [channels], biasScales));
            graph.Initializer.Add(
                RawTensor(biasName + "_zero", TensorProto.Types.DataType.Int32, [channels], new int[channels])
            );
            dequantizers.Add(Dequantize(biasName, axis: 0));
            conv.Input[2] = biasName + "_dq";
        }
        return [.. dequantizers];
    }

    /// <summary>
    /// The producer writes <c>t_float</c>, QuantizeLinear → DequantizeLinear turn it back into <c>t</c>, so consumers
    /// and graph outputs are untouched. A graph input has no producer: its consumers read <c>t_dq</c> instead.
    /// </summary>
    private static void InsertPair(GraphProto graph, List<NodeProto> nodes, string tensor, float scale, byte zero)
    {
        graph.Initializer.Add(FloatTensor(tensor + "_scale", [], [scale]));
        graph.Initializer.Add(RawTensor(tensor + "_zero", TensorProto.Types.DataType.Uint8, [], new[] { zero }));
        var producer = nodes.FirstOrDefault(n => n.Output.Contains(tensor));
        if (producer is null)
        {
            foreach (var node in nodes)
            {
                for (int i = 0; i < node.Input.Count; i++)
                {
                    node.Input[i] = node.Input[i] == tensor ? tensor + "_dq" : node.Input[i];
                }
            }
            nodes.InsertRange(0, [QuantizeNode(tensor, tensor), Dequantize(tensor)]);
            return;
        }
        producer.Output[producer.Output.IndexOf(tensor)] = tensor + "_float";
        var dequantize = Dequantize(tensor);
        dequantize.Output[0] = tensor;
        nodes.InsertRange(nodes.IndexOf(producer) + 1, [QuantizeNode(tensor, tensor + "_float"), dequantize]);
    }

    /// <summary>Asymmetric uint8: the range widened to hold 0, so that 0 (padding, ReLU) is exact.</summary>
    private static (float Scale, byte Zero) Uint8(ActivationRange range)
    {
        float min = Math.Min(0, range.Min),
            max = Math.Max(0, range.Max);
        float scale = max > min ? (max - min) / 255f : 1f;
        return (scale, (byte)Math.Clamp(MathF.Round(-min / scale), 0, 255));
    }

    private static NodeProto QuantizeNode(string tensor, string source) =>
        Node("QuantizeLinear", [source, tensor + "_scale", tensor + "_zero"], tensor + "_q");

    /// <summary>DequantizeLinear: <c>name_q</c>, <c>name_scale</c>, <c>name_zero</c> → <c>name_dq</c>.</summary>
    private static NodeProto Dequantize(string name, long? axis = null)
    {
        var node = Node("DequantizeLinear", [name + "_q", name + "_scale", name + "_zero"], name + "_dq");
        if (axis is { } value)
        {
            node.Attribute.Add(OnnxGraphBuilder.Attribute("axis", value));
        }
        return node;
    }

    private static NodeProto Node(string op, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = op, Name = $"{op}_{output}" };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        return node;
    }

    private static List<NodeProto> Consumers(GraphProto graph, string tensor) =>
        [.. graph.Node.Where(n => n.Input.Contains(tensor))];

    private static void RemoveUnusedInitializers(GraphProto graph)
    {
        var used = graph.Node.SelectMany(n => n.Input).ToHashSet(StringComparer.Ordinal);
        foreach (var unused in graph.Initializer.Where(t => !used.Contains(t.Name)).ToList())
        {
            graph.Initializer.Remove(unused);
        }
    }

    internal static float[] Floats(TensorProto tensor) =>
        tensor.FloatData.Count > 0
            ? [.. tensor.FloatData]
            : MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();

    private static TensorProto FloatTensor(string name, long[] dims, float[] values) =>
        RawTensor(name, TensorProto.Types.DataType.Float, dims, values);

    private static TensorProto RawTensor<T>(string name, TensorProto.Types.DataType type, long[] dims, T[] values)
        where T : struct
    {
        var tensor = new TensorProto
        {
            Name = name,
            DataType = (int)type,
            RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())),
        };
        tensor.Dims.AddRange(dims);
        return tensor;
    }
}
