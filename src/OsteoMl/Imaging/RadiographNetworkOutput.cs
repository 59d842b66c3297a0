namespace OsteoMl.Imaging;

/// <summary>
/// One film through <see cref="RadiographNetwork"/>: embedding, image probability and logit, 7 × 7 attention map
/// (row-major, 0–1).
/// </summary>
public sealed record RadiographNetworkOutput(float[] Embedding, float Probability, float Logit, float[] Attention);
