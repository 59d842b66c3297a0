using Onnx;
using OsteoMl.Training.Network;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace OsteoMl.Training.Import;

/// <summary>
/// An ONNX graph imported into TorchSharp: every initializer becomes a parameter (convolution weights, batch-norm
/// scale and shift) or a buffer (batch-norm running statistics), and the nodes run in graph order with the matching
/// torch operations, so the network can be fine-tuned and exported again. Covers the operators of the packaged
/// ResNet18 (a CNTK export at opset 8: Conv, BatchNormalization, Relu, MaxPool, Add, AveragePool), including its
/// asymmetric "same" paddings; anything else is refused by name at load time.
/// </summary>
public sealed class OnnxGraphModule : nn.Module<Tensor, Tensor>
{
    private static readonly HashSet<string> Supported =
    [
        "Conv",
        "BatchNormalization",
        "Relu",
        "MaxPool",
        "Add",
        "AveragePool",
    ];
    private readonly NodeProto[] _nodes;
    private readonly Dictionary<string, Tensor> _values = new(StringComparer.Ordinal);

    private OnnxGraphModule(string name, NodeProto[] nodes, string input, string output)
        : base(name)
    {
        _nodes = nodes;
        InputName = input;
        OutputName = output;
    }

    public string InputName { get; }

    public string OutputName { get; }

    /// <summary>The graph's nodes in execution order (for export).</summary>
    public IReadOnlyList<NodeProto> Nodes => _nodes;

    /// <summary>Whether <paramref name="name"/> is one of the graph's initializers (a weight or statistic).</summary>
    public bool IsInitializer(string name) => _values.ContainsKey(name);

    /// <summary>A weight or statistic by its ONNX initializer name.</summary>
    public Tensor this[string initializer] => _values[initializer];

    public static OnnxGraphModule Load(string path)
    {
        FineTuning.TorchRuntime.EnsureLoaded();
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        var graph = model.Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            if (!Supported.Contains(node.OpType))
            {
                throw new NotSupportedException(
                    $"{path}: operator {node.OpType} (node {node.Name}) is not supported by the TorchSharp import."
                );
            }
        }
        string input = graph.Input.Select(i => i.Name).First(n => !initializers.ContainsKey(n));
        var module = new OnnxGraphModule(
            Path.GetFileNameWithoutExtension(path),
            [.. graph.Node],
            input,
            graph.Output[0].Name
        );
        // Running statistics (BatchNormalization inputs 3 and 4) are buffers: fine-tuning keeps them frozen.
        var statistics = graph
            .Node.Where(n => n.OpType == "BatchNormalization")
            .SelectMany(n => n.Input.Skip(3))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (name, proto) in initializers)
        {
            var tensor = FromProto(proto);
            if (statistics.Contains(name))
            {
                module.register_buffer(name, tensor);
                module._values[name] = tensor;
            }
            else
            {
                var parameter = new Parameter(tensor, requires_grad: true);
                module.register_parameter(name, parameter);
                module._values[name] = parameter;
            }
        }
        return module;
    }

    public override Tensor forward(Tensor input) => Run(input, InputName, OutputName);

    /// <summary>
    /// Runs the part of the graph between two named values: <paramref name="from"/> is fed, every node whose inputs are
    /// then available runs in graph order, and <paramref name="to"/> is returned (e.g. stage 3 → stage 4 of ResNet18).
    /// </summary>
    public Tensor Run(Tensor input, string from, string to)
    {
        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal) { [from] = input };
        foreach (var node in _nodes)
        {
            if (!node.Input.All(i => values.ContainsKey(i) || _values.ContainsKey(i)))
            {
                continue;
            }
            Tensor Value(int i) => values.TryGetValue(node.Input[i], out var v) ? v : _values[node.Input[i]];
            values[node.Output[0]] = Apply(node, Value);
            if (node.Output[0] == to)
            {
                return values[to];
            }
        }
        throw new ArgumentException($"{to} cannot be computed from {from} in graph {GetName()}.");
    }

    /// <summary>
    /// The parameters of the nodes that run after <paramref name="value"/> is produced (the stages above it).
    /// </summary>
    public IEnumerable<Parameter> ParametersAfter(string value)
    {
        int start = Array.FindIndex(_nodes, n => n.Output.Contains(value));
        if (start < 0)
        {
            throw new ArgumentException($"no node produces {value}.", nameof(value));
        }
        return _nodes
            .Skip(start + 1)
            .SelectMany(n => n.Input)
            .Distinct()
            .Where(i => _values.TryGetValue(i, out var t) && t is Parameter)
            .Select(i => (Parameter)_values[i]);
    }

    private static Tensor Apply(NodeProto node, Func<int, Tensor> input)
    {
        switch (node.OpType)
        {
            case "Conv":
            {
                long[] strides = Ints(node, "strides", [1, 1]),
                    dilations = Ints(node, "dilations", [1, 1]);
                long groups = Int(node, "group", 1);
                CheckAutoPad(node);
                var (x, padding) = Pad(input(0), Ints(node, "pads", [0, 0, 0, 0]), 0);
                return F.conv2d(
                    x,
                    input(1),
                    node.Input.Count > 2 ? input(2) : null,
                    strides: strides,
                    padding: padding,
                    dilation: dilations,
                    groups: groups
                );
            }
            case "BatchNormalization":
                return F.batch_norm(
                    input(0),
                    input(3),
                    input(4),
                    input(1),
                    input(2),
                    training: false,
                    eps: Float(node, "epsilon", 1e-5f)
                );
            case "Relu":
                return F.relu(input(0));
            case "Add":
                return input(0).Plus(input(1));
            case "MaxPool":
            {
                CheckAutoPad(node);
                var (x, padding) = Pad(input(0), Ints(node, "pads", [0, 0, 0, 0]), double.NegativeInfinity);
                return F.max_pool2d(x, Ints(node, "kernel_shape", null), Ints(node, "strides", [1, 1]), padding);
            }
            case "AveragePool":
            {
                CheckAutoPad(node);
                long[] pads = Ints(node, "pads", [0, 0, 0, 0]);
                if (pads.Any(p => p != 0))
                {
                    throw new NotSupportedException($"padded AveragePool (node {node.Name}) is not supported.");
                }
                return F.avg_pool2d(input(0), Ints(node, "kernel_shape", null), Ints(node, "strides", [1, 1]));
            }
            default:
                throw new NotSupportedException(node.OpType);
        }
    }

    /// <summary>
    /// ONNX pads are [top, left, bottom, right]; torch pads symmetrically, so unequal ends (CNTK's "same" padding)
    /// are padded explicitly first.
    /// </summary>
    private static (Tensor X, long[] Padding) Pad(Tensor x, long[] pads, double value)
    {
        if (pads[0] == pads[2] && pads[1] == pads[3])
        {
            return (x, [pads[0], pads[1]]);
        }
        return (F.pad(x, [pads[1], pads[3], pads[0], pads[2]], PaddingModes.Constant, value), [0, 0]);
    }

    private static void CheckAutoPad(NodeProto node)
    {
        var autoPad = node.Attribute.FirstOrDefault(a => a.Name == "auto_pad");
        if (autoPad is not null && autoPad.S.ToStringUtf8() is not ("" or "NOTSET"))
        {
            throw new NotSupportedException(
                $"auto_pad={autoPad.S.ToStringUtf8()} (node {node.Name}) is not supported."
            );
        }
    }

    internal static long[] Ints(NodeProto node, string name, long[]? fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } a
            ? [.. a.Ints]
            : fallback ?? throw new InvalidDataException($"node {node.Name} has no {name}.");

    private static long Int(NodeProto node, string name, long fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.I : fallback;

    private static float Float(NodeProto node, string name, float fallback) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.F : fallback;

    private static Tensor FromProto(TensorProto proto)
    {
        if (proto.DataType != (int)TensorProto.Types.DataType.Float)
        {
            throw new NotSupportedException($"initializer {proto.Name} is not float.");
        }
        float[] values =
            proto.RawData.Length > 0
                ? System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(proto.RawData.Span).ToArray()
                : [.. proto.FloatData];
        return tensor(values, [.. proto.Dims]);
    }
}
