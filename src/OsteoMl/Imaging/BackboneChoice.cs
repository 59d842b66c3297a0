namespace OsteoMl.Imaging;

/// <summary>
/// Which ResNet18 a training run embeds with and saves: the packaged float graph or its int8 quantization, and the
/// measurements behind the choice (null where nothing was measured).
/// </summary>
/// <param name="Precision">"fp32" or "int8".</param>
/// <param name="Int8">The calibrated int8 backbone when <paramref name="Precision"/> is int8.</param>
/// <param name="Speedup">Single-film int8 throughput over float, measured on this machine at training.</param>
/// <param name="EmbeddingRelativeRms">√(Σ(int8 − float)² / Σ float²) over the 512-float embeddings of the timed
/// films.</param>
/// <param name="Reason">Why, in a sentence.</param>
public sealed record BackboneChoice(
    string Precision,
    Int8Backbone? Int8,
    double? Speedup,
    double? EmbeddingRelativeRms,
    string Reason
)
{
    public const string Fp32 = "fp32";
    public const string Int8Precision = "int8";
    public const string Auto = "auto";

    public static BackboneChoice Float(string reason) => new(Fp32, null, null, null, reason);

    /// <summary>The graph bytes the embedder and the saved featurizer run (null: the packaged float graph).</summary>
    public byte[]? ResNet => Int8?.ResNet;
}
