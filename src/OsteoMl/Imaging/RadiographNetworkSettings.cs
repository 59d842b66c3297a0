namespace OsteoMl.Imaging;

/// <summary>
/// How the image network is optimised (pipeline config <c>image.network</c>; docs/image-network.md). The mode
/// itself is <see cref="RadiographNetworkOptions.Mode"/> (<c>--fine-tune</c>).
/// </summary>
public sealed record RadiographNetworkSettings
{
    public int MaxEpochs { get; init; } = 60;

    /// <summary>
    /// Epochs without a better validation AUC before training stops (the best epoch's weights are kept).
    /// </summary>
    public int Patience { get; init; } = 10;

    public int BatchSize { get; init; } = 32;

    /// <summary>Learning rate of the new block and classifier; pretrained weights get a tenth of it.</summary>
    public double LearningRate { get; init; } = 1e-3;

    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>Dropout on the standardised embedding before the classifier.</summary>
    public double Dropout { get; init; } = 0.2;

    /// <summary>
    /// Weight of the penalty on the learned correction of the attention logit (mean square): larger keeps the map
    /// closer to the gradient-wavelet prior.
    /// </summary>
    public double AttentionPenalty { get; init; } = 0.1;
}
