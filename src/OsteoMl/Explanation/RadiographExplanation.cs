namespace OsteoMl.Explanation;

/// <summary>
/// One explained row: its CSV row number (1-based, header excluded; never the patient id), the probabilities, the
/// files written, and how strongly the attention sits on bright (bone) pixels: the attention share on the film's
/// brightest quarter of pixels divided by their area share (1 = no preference; above 1 = on bone).
/// </summary>
public sealed record RadiographExplanation(
    int Row,
    float ImageProbability,
    float FusedProbability,
    string? AttentionFile,
    string OcclusionFile,
    double? AttentionOnBrightRatio
);
