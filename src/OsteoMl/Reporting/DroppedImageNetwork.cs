namespace OsteoMl.Reporting;

/// <summary>
/// An image-network candidate stopped on a non-finite value (<see cref="Imaging.NetworkDivergedException"/>), and why;
/// metrics.json <c>image_networks_dropped</c> and the console summary list them.
/// </summary>
public sealed record DroppedImageNetwork(string Variant, string FineTune, string Reason);
