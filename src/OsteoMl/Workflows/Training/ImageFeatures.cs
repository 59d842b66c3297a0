using Microsoft.ML;

namespace OsteoMl.Workflows.Training;

/// <summary>
/// What the image stage hands on: the featurizer the zip will run, the features the image head learns from (per
/// cohort row), the frozen backbone's embedding (for the ablation), the films and any trained networks.
/// </summary>
internal sealed record ImageFeatures(
    ITransformer Featurizer,
    float[][] HeadFeatures,
    float[][] BackboneEmbeddings,
    byte[][] Films,
    IReadOnlyList<TrainedNetworkVariant> Networks
)
{
    /// <summary>The saved network, or null when the frozen backbone is kept (<c>--fine-tune none</c>).</summary>
    public TrainedNetworkVariant? Saved => Networks.Count == 0 ? null : Networks[^1];
}
