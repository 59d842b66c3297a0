using OsteoMl.Common;
using OsteoMl.Imaging;

namespace OsteoMl.Workflows.Training;

/// <summary>
/// What the image network trains on, per cohort row: the 224 gray film, its frozen stage-4 activations, and on a grid
/// finer than 224 its fine wavelet maps (null otherwise).
/// </summary>
internal sealed record NetworkFilms(
    SpilledRows<byte> Films,
    SpilledRows<float> Stage4,
    FilmResolution Resolution,
    IReadOnlyList<float[]>? Energies
);
