using OsteoMl.Common;

namespace OsteoMl.Imaging;

/// <summary>
/// What the image network is trained on: every film once as 224 × 224 gray pixels (0–255, the mean of the three planes
/// the saved pipeline extracts, which are equal for a grayscale film), its label, and which films are for fitting
/// and which for early stopping. Films of one patient are all in one part (split by patient upstream).
/// <see cref="Stage4"/>, when given, holds every film's frozen ResNet18 stage-4 activations (512 × 7 × 7, from
/// <see cref="BatchedEmbedder"/>, one row per film), so head-mode training need not run the backbone again. Both may
/// be <see cref="SpilledRows{T}"/>, so that neither grows the process with the cohort.
/// </summary>
public sealed record RadiographNetworkData(
    IReadOnlyList<byte[]> Films,
    bool[] Labels,
    int[] TrainRows,
    int[] ValidationRows
)
{
    public SpilledRows<float>? Stage4 { get; init; }

    /// <summary>
    /// The grid the wavelet maps come from. At 224 the trainer computes them from <see cref="Films"/>; on a finer grid
    /// they are <see cref="WaveletEnergies"/>.
    /// </summary>
    public FilmResolution Resolution { get; init; } = FilmResolution.Default;

    /// <summary>
    /// Each film's raw wavelet log-energy maps from <see cref="FilmGraph"/> (3L × 7 × 7 floats, one per data row);
    /// required on a grid finer than 224.
    /// </summary>
    public IReadOnlyList<float[]>? WaveletEnergies { get; init; }

    /// <summary>
    /// Optional fold of each training row (aligned with <see cref="TrainRows"/>; patients never span folds): one more
    /// network per fold is then fitted without that fold and scores it, giving out-of-fold logits for stacking.
    /// </summary>
    public int[]? Folds { get; init; }
}
