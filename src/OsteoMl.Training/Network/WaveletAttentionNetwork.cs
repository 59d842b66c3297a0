using OsteoMl.Imaging;
using OsteoMl.Training.Import;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace OsteoMl.Training.Network;

/// <summary>
/// The image network of OsteoMl (docs/image-network.md): ResNet18 (imported from the packaged ONNX graph) gives
/// stage-4 activations A (512 × 7 × 7); a fixed gradient-wavelet branch gives 12 log-energy maps W (7 × 7) of the
/// Sobel gradient magnitude's Haar detail bands at four scales; the spatial attention map a ∈ (0,1)^{7×7} is a
/// learned wavelet prior plus a learned, penalised correction from [reduce(A), W]; the embedding joins global average
/// pooling of A with attention-weighted
/// pooling Σ a·A / Σ a; a linear classifier on the standardised embedding gives the image logit.
/// <see cref="Export.NetworkOnnxExporter"/> writes exactly these operations to ONNX.
/// </summary>
public sealed class WaveletAttentionNetwork : nn.Module<Tensor, Tensor>
{
    public const string BackboneInput = RadiographCatalog.ResNetInput;

    /// <summary>ResNet18 stage 3 output (256 × 14 × 14) in the packaged graph.</summary>
    public const string Stage3 = "ReLU347_Output_0";

    /// <summary>ResNet18 stage 4 output (512 × 7 × 7), the input of the graph's final average pool.</summary>
    public const string Stage4 = "ReLU393_Output_0";
    public const int ReducedChannels = 16;
    public const int HiddenChannels = 16;
    public const float Epsilon = WaveletEnergyNodes.Epsilon;
    private const int Side = RadiographNetwork.AttentionSide;

    private readonly Parameter _priorWeight,
        _priorBias,
        _reduceWeight,
        _reduceBias,
        _mixWeight,
        _mixBias,
        _scoreWeight,
        _scoreBias,
        _headWeight,
        _headBias;

    private WaveletAttentionNetwork(OnnxGraphModule backbone, Tensor meanImage, int seed, FilmResolution resolution)
        : base("wavelet_attention")
    {
        Backbone = backbone;
        Resolution = resolution;
        int maps = resolution.WaveletMaps;
        // Uniform(±1/√fan-in) initial weights drawn in C#: seeded, and no tensor arithmetic (ConstantScalars).
        var random = new Random(seed);
        Parameter Init(long[] shape, long fanIn)
        {
            float bound = (float)Math.Sqrt(1.0 / fanIn);
            float[] values =
            [
                .. Enumerable
                    .Range(0, (int)shape.Aggregate(1L, (a, b) => a * b))
                    .Select(_ => (float)(random.NextDouble() * 2 - 1) * bound),
            ];
            return new Parameter(tensor(values, shape), requires_grad: true);
        }
        // The wavelet prior starts on the horizontal and vertical detail energy of every level but the coarsest (on the
        // 224 grid levels 1–3: cortical edges and trabecular texture, measured to sit on the bright, bony parts of the
        // film), equally weighted.
        float[] prior = new float[maps];
        for (int level = 0; level < resolution.WaveletLevels - 1; level++)
        {
            prior[3 * level] = prior[3 * level + 1] = 0.5f;
        }
        _priorWeight = new Parameter(tensor(prior, [1, maps, 1, 1]));
        _priorBias = new Parameter(zeros(1));
        _reduceWeight = Init([ReducedChannels, RadiographCatalog.EmbeddingSize, 1, 1], RadiographCatalog.EmbeddingSize);
        _reduceBias = new Parameter(zeros(ReducedChannels));
        _mixWeight = Init([HiddenChannels, ReducedChannels + maps, 3, 3], 9 * (ReducedChannels + maps));
        _mixBias = new Parameter(zeros(HiddenChannels));
        _scoreWeight = new Parameter(zeros(1, HiddenChannels, 1, 1)); // the correction starts at zero: a = σ(prior)
        _scoreBias = new Parameter(zeros(1));
        _headWeight = Init([1, RadiographNetwork.EmbeddingSize], RadiographNetwork.EmbeddingSize);
        _headBias = new Parameter(zeros(1));
        MeanImage = meanImage;
        ChannelOrder = tensor(new long[] { 2, 1, 0 });
        SobelFilters = tensor(WaveletGraph.Sobel, [2, 1, 3, 3]);
        MagnitudeSum = ones(1, 2, 1, 1);
        float[] haar = WaveletGraph.Haar;
        HaarApproximation = tensor(haar[..4], [1, 1, 2, 2]);
        HaarDetails = tensor(haar[4..], [3, 1, 2, 2]);
        WaveletMean = zeros(1, maps, 1, 1);
        WaveletScale = ones(1, maps, 1, 1);
        EmbeddingMean = zeros(RadiographNetwork.EmbeddingSize);
        EmbeddingScale = ones(RadiographNetwork.EmbeddingSize);
        // Explicit names (the exporter uses the same ones); the fixed tensors stay plain fields: this runs on the CPU.
        register_module("backbone", backbone);
        foreach (var (name, parameter) in BlockParameters)
        {
            register_parameter(name, parameter);
        }
    }

    public OnnxGraphModule Backbone { get; }

    /// <summary>
    /// The grid the wavelet maps come from. At 224 the network computes them from its own input pixels
    /// (<see cref="WaveletEnergies"/>); on a finer grid they are an input, computed by <see cref="FilmGraph"/>.
    /// </summary>
    public FilmResolution Resolution { get; }

    /// <summary>3 detail bands × <see cref="FilmResolution.WaveletLevels"/>.</summary>
    public int WaveletMaps => Resolution.WaveletMaps;

    // Fixed tensors (buffers: saved with the module, never trained).
    public Tensor MeanImage { get; private set; }
    public Tensor ChannelOrder { get; }
    public Tensor SobelFilters { get; }
    public Tensor MagnitudeSum { get; }
    public Tensor HaarApproximation { get; }
    public Tensor HaarDetails { get; }
    public Tensor WaveletMean { get; private set; }
    public Tensor WaveletScale { get; private set; }
    public Tensor EmbeddingMean { get; private set; }
    public Tensor EmbeddingScale { get; private set; }

    /// <summary>The learned block and classifier, by the names the exporter writes.</summary>
    public IReadOnlyList<(string Name, Parameter Value)> BlockParameters =>
        [
            ("attention_prior_w", _priorWeight),
            ("attention_prior_b", _priorBias),
            ("attention_reduce_w", _reduceWeight),
            ("attention_reduce_b", _reduceBias),
            ("attention_mix_w", _mixWeight),
            ("attention_mix_b", _mixBias),
            ("attention_score_w", _scoreWeight),
            ("attention_score_b", _scoreBias),
            ("classifier_w", _headWeight),
            ("classifier_b", _headBias),
        ];

    /// <summary>
    /// ResNet18 and its preprocessing from the packaged ONNX files, with a freshly initialised block.
    /// </summary>
    public static WaveletAttentionNetwork Create(string? modelFolder, int seed, FilmResolution? resolution = null)
    {
        modelFolder ??= RadiographCatalog.DefaultModelFolder;
        var backbone = OnnxGraphModule.Load(RadiographCatalog.ResNetPath(modelFolder));
        float[] meanValues = BatchedEmbedder.ReadMeanImage(modelFolder);
        const int size = RadiographCatalog.InputSize;
        return new WaveletAttentionNetwork(
            backbone,
            tensor(meanValues, [1, 3, size, size]),
            seed,
            resolution ?? FilmResolution.Default
        );
    }

    /// <summary>ResNetPreprocess: RGB planes → BGR, minus the ImageNet mean image.</summary>
    public Tensor Prepare(Tensor pixels) => pixels.index_select(1, ChannelOrder) - MeanImage;

    public Tensor Stage3Features(Tensor pixels) => Backbone.Run(Prepare(pixels), BackboneInput, Stage3);

    public Tensor Stage4Features(Tensor pixels) => Backbone.Run(Prepare(pixels), BackboneInput, Stage4);

    public Tensor Stage4FromStage3(Tensor stage3) => Backbone.Run(stage3, Stage3, Stage4);

    /// <summary>
    /// The 12 raw log-energy maps of a 224 grid (<see cref="WaveletEnergyNodes"/> writes the same operations to ONNX):
    /// gray = mean of the planes / 255; Sobel with edge padding (no false edge at the border); magnitude
    /// √(gx² + gy² + ε); Haar levels 1–4 on the magnitude (LL recursed); every detail band squared and average-pooled
    /// to 7 × 7; log(· + ε). A network on a finer grid reads its maps from <see cref="FilmGraph"/> instead.
    /// </summary>
    public Tensor WaveletEnergies(Tensor pixels)
    {
        if (Resolution.IsNative)
        {
            throw new InvalidOperationException(
                $"a network on the {Resolution} grid takes its wavelet maps from the film graph, not from 224 pixels."
            );
        }
        using var scope = NewDisposeScope();
        var gray = pixels.mean([1], keepdim: true) * ConstantScalars.InverseGrayMax;
        var gradients = F.conv2d(F.pad(gray, [1, 1, 1, 1], PaddingModes.Replicate), SobelFilters);
        var current = F.conv2d(gradients * gradients, MagnitudeSum).Plus(ConstantScalars.Epsilon).sqrt();
        var maps = new List<Tensor>();
        for (int level = 1; level <= Resolution.WaveletLevels; level++)
        {
            var details = F.conv2d(current, HaarDetails, strides: [2, 2]);
            long pool = WaveletEnergyNodes.PoolSize(RadiographCatalog.InputSize, level);
            maps.Add(F.avg_pool2d(details * details, [pool, pool], [pool, pool]).Plus(ConstantScalars.Epsilon).log());
            current = F.conv2d(current, HaarApproximation, strides: [2, 2]);
        }
        return cat(maps, 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Attention block and classifier: logit [N,1], embedding [N,1024], attention [N,1,7,7], and the learned
    /// correction of the attention logit [N,1,7,7] (penalised in training, so the map stays near the wavelet prior
    /// unless the data insist). a = σ(prior(W) + correction(reduce(A), W)).
    /// </summary>
    /// <param name="dropout">Dropout on the standardised embedding, applied only in training mode.</param>
    public (Tensor Logit, Tensor Embedding, Tensor Attention, Tensor Correction) Head(
        Tensor stage4,
        Tensor energies,
        TrainingDropout? dropout = null
    )
    {
        var reduced = F.relu(F.conv2d(stage4, _reduceWeight, _reduceBias));
        var wavelets = (energies - WaveletMean) * WaveletScale;
        var prior = F.conv2d(wavelets, _priorWeight, _priorBias);
        var hidden = F.relu(F.conv2d(cat([reduced, wavelets], 1), _mixWeight, _mixBias, padding: [1, 1]));
        var correction = F.conv2d(hidden, _scoreWeight, _scoreBias);
        var attention = F.sigmoid(prior.Plus(correction));
        var embedding = Embedding(stage4, attention);
        var standardised = (embedding - EmbeddingMean) * EmbeddingScale;
        if (dropout is { Rate: > 0 } && training)
        {
            standardised = dropout.Apply(standardised);
        }
        var logit = F.linear(standardised, _headWeight, _headBias);
        return (logit, embedding, attention, correction);
    }

    /// <summary>[GAP(A), mean(a·A) / (mean(a) + ε)].</summary>
    public static Tensor Embedding(Tensor stage4, Tensor attention)
    {
        var global = stage4.mean([2, 3]);
        var weighted = (stage4 * attention).mean([2, 3]) / attention.mean([2, 3]).Plus(ConstantScalars.Epsilon);
        return cat([global, weighted], 1);
    }

    public override Tensor forward(Tensor pixels) => Head(Stage4Features(pixels), WaveletEnergies(pixels)).Logit;

    /// <summary>Fixes the standardisation of the wavelet maps (per map, from training films).</summary>
    public void SetWaveletStandardisation(Tensor mean, Tensor std)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        WaveletMean.copy_(mean.reshape(1, WaveletMaps, 1, 1));
        WaveletScale.copy_(ConstantScalars.One / std.reshape(1, WaveletMaps, 1, 1).Plus(ConstantScalars.Epsilon));
    }

    /// <summary>
    /// Fixes the standardisation of the embedding before the classifier (per feature, from training films).
    /// </summary>
    public void SetEmbeddingStandardisation(Tensor mean, Tensor std)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        EmbeddingMean.copy_(mean);
        EmbeddingScale.copy_(ConstantScalars.One / std.Plus(ConstantScalars.Epsilon));
    }
}
