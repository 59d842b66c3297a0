using Onnx;
using OsteoMl.Imaging;
using OsteoMl.Training.Network;
using static TorchSharp.torch;

namespace OsteoMl.Training.Export;

/// <summary>
/// Writes a <see cref="WaveletAttentionNetwork"/> with its current weights as one ONNX model (opset 13, dynamic
/// batch) — TorchSharp has no exporter (docs/platform-notes.md). Input: <see cref="RadiographNetwork.InputName"/>
/// pixels;
/// outputs: embedding, probability, logit, attention. Every operation mirrors the torch forward pass, and a test holds
/// ONNX Runtime's outputs to TorchSharp's.
/// </summary>
public static class NetworkOnnxExporter
{
    public static byte[] Export(WaveletAttentionNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        using var noGrad = no_grad();
        // The contiguous copies read below are temporaries: the scope keeps them alive until their values are copied.
        using var scope = NewDisposeScope();
        const int size = RadiographCatalog.InputSize,
            side = RadiographNetwork.AttentionSide;
        var graph = new OnnxGraphBuilder("osteoml_wavelet_attention");
        graph.Input(RadiographNetwork.InputName, null, 3, size, size);
        if (network.Resolution.IsNative)
        {
            graph.Input(FilmGraph.EnergiesName, null, network.WaveletMaps, side, side);
        }
        graph.Output(RadiographNetwork.EmbeddingOutput, null, RadiographNetwork.EmbeddingSize);
        graph.Output(RadiographNetwork.ProbabilityOutput, null, 1);
        graph.Output(RadiographNetwork.LogitOutput, null, 1);
        graph.Output(RadiographNetwork.AttentionOutput, null, 1, side, side);
        AddPreprocessing(graph, network);
        AddBackbone(graph, network);
        AddWaveletEnergies(graph, network);
        AddAttentionBlock(graph, network);
        AddPooling(graph, network);
        AddClassifier(graph, network);
        return graph.ToModelBytes(13);
    }

    /// <summary>ResNetPreprocess: RGB → BGR planes, minus the mean image.</summary>
    private static void AddPreprocessing(OnnxGraphBuilder graph, WaveletAttentionNetwork network)
    {
        graph.Int64Constant("channel_order", 2, 1, 0);
        Weights(graph, "mean_image", network.MeanImage);
        graph.Node("Gather", [RadiographNetwork.InputName, "channel_order"], ["bgr"], ("axis", 1L));
        graph.Node("Sub", ["bgr", "mean_image"], [WaveletAttentionNetwork.BackboneInput]);
    }

    /// <summary>
    /// ResNet18 up to stage 4 (its final average pool is replaced by the pooling below), with the current weights.
    /// </summary>
    private static void AddBackbone(OnnxGraphBuilder graph, WaveletAttentionNetwork network)
    {
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in network.Backbone.Nodes)
        {
            foreach (string input in node.Input.Where(i => network.Backbone.IsInitializer(i) && written.Add(i)))
            {
                Weights(graph, input, network.Backbone[input]);
            }
            graph.Graph.Node.Add(OnnxOpset13.Node(node));
            if (node.Output[0] == WaveletAttentionNetwork.Stage4)
            {
                break;
            }
        }
    }

    /// <summary>
    /// Gradient-wavelet energies: on a 224 grid computed from the input pixels (<see cref="WaveletEnergyNodes"/>); on a
    /// finer grid a second input, <see cref="FilmGraph.EnergiesName"/>, which <see cref="FilmGraph"/> computes from the
    /// film before the resize.
    /// </summary>
    private static void AddWaveletEnergies(OnnxGraphBuilder graph, WaveletAttentionNetwork network)
    {
        var resolution = network.Resolution;
        if (!resolution.IsNative)
        {
            WaveletEnergyNodes.Add(
                graph,
                RadiographNetwork.InputName,
                resolution.Side,
                resolution.WaveletLevels,
                "wavelet_energies"
            );
            return;
        }
        graph.Constant("epsilon", WaveletEnergyNodes.Epsilon);
        graph.Node("Identity", [FilmGraph.EnergiesName], ["wavelet_energies"]);
    }

    /// <summary>Attention block.</summary>
    private static void AddAttentionBlock(OnnxGraphBuilder graph, WaveletAttentionNetwork network)
    {
        Weights(graph, "wavelet_mean", network.WaveletMean);
        Weights(graph, "wavelet_scale", network.WaveletScale);
        foreach (var (name, value) in network.BlockParameters)
        {
            Weights(graph, name, value);
        }
        graph.Node("Sub", ["wavelet_energies", "wavelet_mean"], ["wavelet_centred"]);
        graph.Node("Mul", ["wavelet_centred", "wavelet_scale"], ["wavelet_standardised"]);
        graph.Node(
            "Conv",
            [WaveletAttentionNetwork.Stage4, "attention_reduce_w", "attention_reduce_b"],
            ["reduced_linear"]
        );
        graph.Node("Relu", ["reduced_linear"], ["reduced"]);
        graph.Node("Concat", ["reduced", "wavelet_standardised"], ["attention_input"], ("axis", 1L));
        graph.Node(
            "Conv",
            ["attention_input", "attention_mix_w", "attention_mix_b"],
            ["hidden_linear"],
            ("pads", new long[] { 1, 1, 1, 1 })
        );
        graph.Node("Relu", ["hidden_linear"], ["hidden"]);
        graph.Node("Conv", ["hidden", "attention_score_w", "attention_score_b"], ["attention_correction"]);
        graph.Node("Conv", ["wavelet_standardised", "attention_prior_w", "attention_prior_b"], ["attention_prior"]);
        graph.Node("Add", ["attention_prior", "attention_correction"], ["attention_logit"]);
        graph.Node("Sigmoid", ["attention_logit"], [RadiographNetwork.AttentionOutput]);
    }

    /// <summary>Pooling: [GAP(A), mean(a·A) / (mean(a) + ε)].</summary>
    private static void AddPooling(OnnxGraphBuilder graph, WaveletAttentionNetwork network)
    {
        graph.Node("GlobalAveragePool", [WaveletAttentionNetwork.Stage4], ["global_pooled"]);
        graph.Node("Flatten", ["global_pooled"], ["global_features"], ("axis", 1L));
        graph.Node(
            "Mul",
            [WaveletAttentionNetwork.Stage4, RadiographNetwork.AttentionOutput],
            ["weighted_activations"]
        );
        graph.Node("GlobalAveragePool", ["weighted_activations"], ["weighted_pooled"]);
        graph.Node("Flatten", ["weighted_pooled"], ["weighted_sum"], ("axis", 1L));
        graph.Node("GlobalAveragePool", [RadiographNetwork.AttentionOutput], ["attention_pooled"]);
        graph.Node("Flatten", ["attention_pooled"], ["attention_mean"], ("axis", 1L));
        graph.Node("Add", ["attention_mean", "epsilon"], ["attention_mean_positive"]);
        graph.Node("Div", ["weighted_sum", "attention_mean_positive"], ["attention_features"]);
        graph.Node(
            "Concat",
            ["global_features", "attention_features"],
            [RadiographNetwork.EmbeddingOutput],
            ("axis", 1L)
        );
    }

    /// <summary>Classifier.</summary>
    private static void AddClassifier(OnnxGraphBuilder graph, WaveletAttentionNetwork network)
    {
        Weights(graph, "embedding_mean", network.EmbeddingMean);
        Weights(graph, "embedding_scale", network.EmbeddingScale);
        graph.Node("Sub", [RadiographNetwork.EmbeddingOutput, "embedding_mean"], ["embedding_centred"]);
        graph.Node("Mul", ["embedding_centred", "embedding_scale"], ["embedding_standardised"]);
        graph.Node(
            "Gemm",
            ["embedding_standardised", "classifier_w", "classifier_b"],
            [RadiographNetwork.LogitOutput],
            ("transB", 1L)
        );
        graph.Node("Sigmoid", [RadiographNetwork.LogitOutput], [RadiographNetwork.ProbabilityOutput]);
    }

    private static void Weights(OnnxGraphBuilder graph, string name, Tensor value) =>
        graph.Weights(name, value.shape, value.contiguous().data<float>().ToArray());
}
