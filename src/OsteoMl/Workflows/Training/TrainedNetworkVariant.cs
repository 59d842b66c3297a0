using OsteoMl.Imaging;

namespace OsteoMl.Workflows.Training;

/// <summary>
/// One trained image network ("attention" or "finetuned") and its exported graph's outputs on every film.
/// </summary>
internal sealed record TrainedNetworkVariant(
    string Variant,
    TrainedRadiographNetwork Network,
    RadiographNetworkOutput[] Outputs
);
