namespace OsteoMl.Model;

/// <summary>
/// One scored row: branch, fused and reference probabilities, the decision, and the label when known.
/// </summary>
public sealed record Prediction(
    string PatientId,
    float ImageProbability,
    float ClinicalProbability,
    float FusedProbability,
    bool Predicted,
    bool? Label
)
{
    /// <summary>The reference logistic regression's probability (NaN for zips without it).</summary>
    public float LogisticProbability { get; init; } = float.NaN;

    /// <summary>The image embedding, when the caller asked for one (drift monitoring); otherwise null.</summary>
    public float[]? Embedding { get; init; }

    /// <summary>
    /// The probability <see cref="Predicted"/> thresholds: the fused one, or the clinical one in a tabular-only zip
    /// (which has no fused model).
    /// </summary>
    public float Probability => float.IsNaN(FusedProbability) ? ClinicalProbability : FusedProbability;
}
