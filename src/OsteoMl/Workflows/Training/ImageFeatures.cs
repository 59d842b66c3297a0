using Microsoft.ML;
using OsteoMl.Common;

namespace OsteoMl.Workflows.Training;

/// <summary>
/// What the image stage hands on: the featurizer the zip will run, the features the image head learns from (per
/// cohort row), the frozen backbone's embedding (for the ablation), the films, any trained networks and the backbone's
/// precision. The films of a trained network are spilled to a temporary file (<see cref="SpilledRows{T}"/>); dispose
/// releases it (copies made with <c>with</c> share it).
/// </summary>
internal sealed record ImageFeatures(
    ITransformer Featurizer,
    float[][] HeadFeatures,
    float[][] BackboneEmbeddings,
    IReadOnlyList<byte[]> Films,
    IReadOnlyList<TrainedNetworkVariant> Networks,
    OsteoMl.Imaging.BackboneChoice Backbone
) : IDisposable
{
    public void Dispose() => (Films as IDisposable)?.Dispose();

    /// <summary>The grid every film was decoded to (and the wavelet maps computed on).</summary>
    public OsteoMl.Imaging.FilmResolution Resolution { get; init; } = OsteoMl.Imaging.FilmResolution.Default;

    /// <summary>Whether the zip runs the trained network (false: the frozen backbone won the image selection).</summary>
    public bool KeepsNetwork { get; init; } = true;

    /// <summary>Network candidates stopped on a non-finite value, with the reason.</summary>
    public IReadOnlyList<OsteoMl.Reporting.DroppedImageNetwork> Dropped { get; init; } = [];

    /// <summary>Why the image branch is what it is (the selection's numbers); null when nothing was compared.</summary>
    public string? Selection { get; init; }

    /// <summary>
    /// The saved network, or null when the frozen backbone is kept (<c>--fine-tune none</c>, or the selection chose it).
    /// </summary>
    public TrainedNetworkVariant? Saved => Networks.Count == 0 || !KeepsNetwork ? null : Networks[^1];
}
