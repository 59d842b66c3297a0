using OsteoMl.Data;

namespace OsteoMl.Monitoring;

/// <summary>
/// What training hands <see cref="DriftReferenceBuilder"/>: the cohort, the rows the model was fitted on (for the
/// inputs) and the held-out rows with every score, label and image embedding the saved chain gives them (for the
/// scores), each set described in words for the reference's readers.
/// </summary>
internal sealed record DriftReferenceRows
{
    public required Cohort Cohort { get; init; }
    public required IReadOnlyList<int> FittedRows { get; init; }
    public required string InputsOn { get; init; }

    /// <summary>The held-out rows; <see cref="Scores"/>, <see cref="Labels"/> and embeddings are in this order.</summary>
    public required IReadOnlyList<int> ScoredRows { get; init; }

    /// <summary>Each score's values on <see cref="ScoredRows"/> (p_fused, p_image, p_clinical…).</summary>
    public required IReadOnlyDictionary<string, double[]> Scores { get; init; }
    public required IReadOnlyList<bool> Labels { get; init; }
    public required string ScoresOn { get; init; }
    public required string DecidedScore { get; init; }
    public required double Threshold { get; init; }

    /// <summary>
    /// The zip's embedding column and its value on every cohort row (principal directions are fitted on the fitted
    /// rows, histograms made on the scored rows); null for a tabular zip.
    /// </summary>
    public (string Column, IReadOnlyList<float[]> Values)? Embeddings { get; init; }

    /// <summary>
    /// Directions fitted earlier (a recalibrated zip keeps its training directions): <see cref="Embeddings"/> are then
    /// only described on them, not fitted again.
    /// </summary>
    public EmbeddingReference? EmbeddingDirections { get; init; }
}
