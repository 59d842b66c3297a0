using Google.Protobuf;
using Onnx;

namespace OsteoMl.Imaging;

/// <summary>
/// Writes an ONNX graph node by node with OnnxSharp's protobuf types (there is no ONNX exporter in .NET;
/// docs/platform-notes.md). Used for the fixed wavelet graph and for exporting the trained wavelet-attention network.
/// </summary>
public sealed class OnnxGraphBuilder
{
    private readonly GraphProto _graph;

    public OnnxGraphBuilder(string name) => _graph = new GraphProto { Name = name };

    public GraphProto Graph => _graph;

    /// <summary>A float tensor input; a null dimension is symbolic (named <c>batch</c>).</summary>
    public void Input(string name, params long?[] dims) => _graph.Input.Add(ValueInfo(name, dims));

    public void Output(string name, params long?[] dims) => _graph.Output.Add(ValueInfo(name, dims));

    public void Weights(string name, long[] dims, ReadOnlySpan<float> values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        // Raw little-endian bytes: compact for the 11 M ResNet weights, and what every ONNX writer emits.
        tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
        _graph.Initializer.Add(tensor);
    }

    public void Constant(string name, params float[] values) => Weights(name, [values.Length], values);

    public void Int64Constant(string name, params long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        _graph.Initializer.Add(tensor);
    }

    /// <summary>
    /// Adds a node; attribute values are long (INT), long[] (INTS), float (FLOAT) or string (STRING).
    /// </summary>
    public void Node(string op, string[] inputs, string[] outputs, params (string Name, object Value)[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = $"{op}_{_graph.Node.Count}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        foreach (var (name, value) in attributes)
        {
            node.Attribute.Add(Attribute(name, value));
        }
        _graph.Node.Add(node);
    }

    public static AttributeProto Attribute(string name, object value)
    {
        var attribute = new AttributeProto { Name = name };
        switch (value)
        {
            case long i:
                attribute.Type = AttributeProto.Types.AttributeType.Int;
                attribute.I = i;
                break;
            case int i:
                attribute.Type = AttributeProto.Types.AttributeType.Int;
                attribute.I = i;
                break;
            case long[] ints:
                attribute.Type = AttributeProto.Types.AttributeType.Ints;
                attribute.Ints.AddRange(ints);
                break;
            case float f:
                attribute.Type = AttributeProto.Types.AttributeType.Float;
                attribute.F = f;
                break;
            case string s:
                attribute.Type = AttributeProto.Types.AttributeType.String;
                attribute.S = ByteString.CopyFromUtf8(s);
                break;
            default:
                throw new ArgumentException(
                    $"unsupported attribute type {value?.GetType().Name ?? "null"} for {name}.",
                    nameof(value)
                );
        }
        return attribute;
    }

    /// <summary>The model at opset 13 (IR 7), as bytes.</summary>
    public byte[] ToModelBytes(int opset = 13)
    {
        var model = new ModelProto
        {
            IrVersion = 7,
            ProducerName = "OsteoMl",
            OpsetImport = { new OperatorSetIdProto { Version = opset } },
            Graph = _graph,
        };
        return model.ToByteArray();
    }

    private static ValueInfoProto ValueInfo(string name, long?[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (long? d in dims)
        {
            shape.Dim.Add(
                d is { } value
                    ? new TensorShapeProto.Types.Dimension { DimValue = value }
                    : new TensorShapeProto.Types.Dimension { DimParam = "batch" }
            );
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor
                {
                    ElemType = (int)TensorProto.Types.DataType.Float,
                    Shape = shape,
                },
            },
        };
    }
}
