using OsteoMl.Common;

namespace OsteoMl.Imaging;

/// <summary>
/// Trains the wavelet-attention image network and exports it to ONNX. Implemented with TorchSharp in
/// OsteoMl.Training, so that this library (and everything that only predicts) never loads libtorch.
/// </summary>
public interface IRadiographNetworkTrainer
{
    /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> fires.</exception>
    /// <exception cref="NetworkDivergedException">A loss, parameter, validation or out-of-fold logit of any fit is not
    /// finite.
    /// </exception>
    TrainedRadiographNetwork Train(
        RadiographNetworkData data,
        RadiographNetworkOptions options,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default
    );
}
