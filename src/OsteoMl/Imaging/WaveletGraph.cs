using Google.Protobuf;
using Onnx;

namespace OsteoMl.Imaging;

/// <summary>
/// The gradient-based wavelet features as a fixed-weight ONNX graph (built here, so it runs in ML.NET's
/// <c>ApplyOnnxModel</c> and travels inside the zip): gray film (channel 0 of the 0–255 planar pixels, /255) →
/// Sobel gradient magnitude √(gx² + gy²) → three levels of the 2-D Haar transform as 2 × 2 stride-2 convolutions →
/// log mean energy of every sub-band (LL, LH, HL, HH) per level: 12 features describing edge (cortical) and
/// texture (trabecular) content at 1/2, 1/4 and 1/8 scale. Nothing is learned here.
/// </summary>
public static class WaveletGraph
{
    public const string InputName = RadiographCatalog.PixelsColumn;
    public const string OutputName = "WaveletFeatures";
    public const int Levels = 3;
    public const int FeatureCount = 4 * Levels;

    public static byte[] Build()
    {
        var graph = new GraphProto { Name = "osteoml_gradient_wavelet" };
        int size = RadiographCatalog.InputSize;
        graph.Input.Add(Tensor(InputName, 1, 3, size, size));
        graph.Output.Add(Tensor(OutputName, 1, FeatureCount));

        Constant(graph, "starts", [0], TensorProto.Types.DataType.Int64);
        Constant(graph, "ends", [1], TensorProto.Types.DataType.Int64);
        Constant(graph, "axes", [1], TensorProto.Types.DataType.Int64);
        Constant(graph, "scale", [1f / 255f]);
        Constant(graph, "epsilon", [1e-8f]);
        Node(graph, "Slice", [InputName, "starts", "ends", "axes"], ["gray255"]);
        Node(graph, "Mul", ["gray255", "scale"], ["gray"]);

        // Sobel: two 3 × 3 filters, one output channel each.
        Weights(graph, "sobel", [2, 1, 3, 3], [-1, 0, 1, -2, 0, 2, -1, 0, 1, -1, -2, -1, 0, 0, 0, 1, 2, 1]);
        // No padding: a zero border would read as a strong edge all round the film.
        Node(graph, "Conv", ["gray", "sobel"], ["gradients"]);
        Node(graph, "Mul", ["gradients", "gradients"], ["squares"]);
        Node(graph, "ReduceSum", ["squares", "axes"], ["squaredMagnitude"], ("keepdims", [1])); // opset 13: axes is an input
        Node(graph, "Sqrt", ["squaredMagnitude"], ["magnitude"]);

        // Orthonormal Haar analysis filters: LL, LH, HL, HH.
        Weights(graph, "haar", [4, 1, 2, 2], [0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, -0.5f, -0.5f, 0.5f, -0.5f, 0.5f, -0.5f, 0.5f, -0.5f, -0.5f, 0.5f]);
        string current = "magnitude";
        var energies = new List<string>();
        for (int level = 1; level <= Levels; level++)
        {
            string bands = $"bands{level}";
            Node(graph, "Conv", [current, "haar"], [bands], ("strides", [2, 2]));
            Node(graph, "Mul", [bands, bands], [$"power{level}"]);
            Node(graph, "ReduceMean", [$"power{level}"], [$"energy{level}"], ("axes", [2, 3]), ("keepdims", [0]));
            Node(graph, "Add", [$"energy{level}", "epsilon"], [$"energyPositive{level}"]);
            Node(graph, "Log", [$"energyPositive{level}"], [$"logEnergy{level}"]);
            energies.Add($"logEnergy{level}");
            Node(graph, "Slice", [bands, "starts", "ends", "axes"], [$"approximation{level}"]);
            current = $"approximation{level}";
        }
        Node(graph, "Concat", [.. energies], [OutputName], ("axis", [1]));

        var model = new ModelProto
        {
            IrVersion = 7,
            ProducerName = "OsteoMl",
            OpsetImport = { new OperatorSetIdProto { Version = 13 } },
            Graph = graph,
        };
        return model.ToByteArray();
    }

    private static ValueInfoProto Tensor(string name, params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (long d in dims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static void Weights(GraphProto graph, string name, long[] dims, float[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.FloatData.AddRange(values);
        graph.Initializer.Add(tensor);
    }

    private static void Constant(GraphProto graph, string name, float[] values) => Weights(graph, name, [values.Length], values);

    private static void Constant(GraphProto graph, string name, long[] values, TensorProto.Types.DataType type)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        graph.Initializer.Add(tensor);
    }

    private static void Node(GraphProto graph, string op, string[] inputs, string[] outputs, params (string Name, long[] Values)[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = $"{op}_{graph.Node.Count}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        foreach (var (name, values) in attributes)
        {
            var attribute = new AttributeProto { Name = name };
            if (name is "keepdims" or "axis")
            {
                attribute.Type = AttributeProto.Types.AttributeType.Int;
                attribute.I = values[0];
            }
            else
            {
                attribute.Type = AttributeProto.Types.AttributeType.Ints;
                attribute.Ints.AddRange(values);
            }
            node.Attribute.Add(attribute);
        }
        graph.Node.Add(node);
    }
}
