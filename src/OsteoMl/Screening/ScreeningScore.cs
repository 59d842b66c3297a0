namespace OsteoMl.Screening;

/// <summary>
/// One screened film's result: the branch probabilities, the probability the decision rests on, its frozen threshold
/// and the flag. <see cref="MissingColumns"/> names the clinical columns that sent it to the image-only basis.
/// </summary>
public sealed record ScreeningScore(
    double ImageProbability,
    double? ClinicalProbability,
    double? FusedProbability,
    double Probability,
    double Threshold,
    bool Flagged,
    ScoreBasis Basis,
    IReadOnlyList<string> MissingColumns
)
{
    /// <summary>"fused" or "image-only", as worklists, CSVs and reports write it.</summary>
    public string BasisName => Basis == ScoreBasis.Fused ? "fused" : "image-only";

    /// <summary>The film's image embedding, when the caller asked for one (drift monitoring).</summary>
    public float[]? Embedding { get; init; }
}
