using OsteoMl.Reporting;

namespace OsteoMl.Workflows.Training;

/// <summary>
/// The image networks a run trained (in mode order; the last is the saved candidate unless it was dropped), and the
/// candidates dropped on a non-finite value.
/// </summary>
internal sealed record TrainedNetworks(
    IReadOnlyList<TrainedNetworkVariant> Networks,
    IReadOnlyList<DroppedImageNetwork> Dropped,
    bool SavedDropped
);
