namespace OsteoMl.Imaging;

/// <summary>
/// A trained image network exported to ONNX (<see cref="RadiographNetwork"/> runs it), and how training went.
/// </summary>
public sealed record TrainedRadiographNetwork
{
    /// <summary>
    /// The ONNX model (opset 13, dynamic batch): pixels in; embedding, probability and attention map out.
    /// </summary>
    public required byte[] Onnx { get; init; }
    public required FineTuneMode Mode { get; init; }
    public required int Epochs { get; init; }
    public required int BestEpoch { get; init; }
    public required double BestValidationAuc { get; init; }

    /// <summary>
    /// Training throughput (forward + backward through the trained part, optimiser step) in films per second.
    /// </summary>
    public required double ImagesPerSecond { get; init; }

    /// <summary>Time spent computing the frozen activations once (zero for <see cref="FineTuneMode.All"/>).</summary>
    public required TimeSpan CachingTime { get; init; }
    public required TimeSpan Duration { get; init; }

    /// <summary>
    /// libtorch's CPU threads. A fit is bit-for-bit reproducible for a given count (on the same CPU), but another count
    /// splits the reductions differently and changes the last bits.
    /// </summary>
    public required int Threads { get; init; }

    /// <summary>
    /// With <see cref="RadiographNetworkData.Folds"/>: each training row's logit from the network that did not see its
    /// fold.
    /// </summary>
    public double[]? OutOfFoldLogits { get; init; }
}
