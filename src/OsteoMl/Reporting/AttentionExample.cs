namespace OsteoMl.Reporting;

/// <summary>
/// A test film (224 × 224 gray) with its 7 × 7 attention map, the network's probability and the label; no identifiers.
/// </summary>
public sealed record AttentionExample(byte[] Film, float[] Attention, float Probability, bool Label);
