using Onnx;

namespace OsteoMl.Imaging;

/// <summary>
/// ResNet18's opset-8 nodes (exported by CNTK) as opset 13 reads them. Only attributes changed for its operators: batch
/// normalisation lost <c>spatial</c> (always spatial) and <c>momentum</c> (training only), and the graph's
/// <c>auto_pad</c> is NOTSET beside explicit pads, which is the default.
/// </summary>
public static class OnnxOpset13
{
    public static NodeProto Node(NodeProto node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var copy = new NodeProto { OpType = node.OpType, Name = node.Name };
        copy.Input.AddRange(node.Input);
        copy.Output.AddRange(node.Output);
        copy.Attribute.AddRange(node.Attribute.Where(a => a.Name is not ("spatial" or "momentum" or "auto_pad")));
        return copy;
    }
}
