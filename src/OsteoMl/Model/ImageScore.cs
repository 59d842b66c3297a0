namespace OsteoMl.Model;

/// <summary>
/// One row's image-branch and fused probabilities and, for a wavelet-attention zip, its 7 × 7 attention map.
/// </summary>
public sealed record ImageScore(float ImageProbability, float FusedProbability, float[]? AttentionMap);
