namespace OsteoMl.Reporting;

/// <summary>
/// An image-network candidate whose fit was stopped on a non-finite value (loss, parameter or validation logit), and
/// why; metrics.json <c>image_networks_dropped</c> and the console summary list them.
/// </summary>
public sealed record DroppedImageNetwork(string Variant, string FineTune, string Reason);
