using OsteoMl.Data;
using OsteoMl.Evaluation;
using OsteoMl.Model;

namespace OsteoMl.Workflows;

/// <summary>An external validation's outcome with its provenance: which file was evaluated, by which model.</summary>
/// <param name="DataHash">"sha256:…" of the evaluated CSV (the model card's <c>DataHash</c> is the training CSV's).</param>
/// <param name="Warnings">What reading and the category check noticed but accepted, for the caller to show.</param>
/// <param name="Overlap">
/// The evaluated patients and films that were in the training CSV; null for a card without fingerprints (older zips).
/// </param>
public sealed record ExternalEvaluationResult(
    EvaluationResult Result,
    CohortSummary Cohort,
    ModelCard Card,
    string DataHash,
    IReadOnlyList<string> Warnings,
    TrainingOverlap? Overlap = null
)
{
    /// <summary>
    /// The evaluated CSV is the one the model was trained or recalibrated on (same bytes), or shares patients or
    /// films with the training CSV (whatever its bytes): its numbers are not an external validation.
    /// </summary>
    public bool IsTrainingCohort =>
        IsTrainingFile
        || (Overlap?.Any ?? false)
        || (Card.Recalibration?.Contains(DataHash, StringComparison.Ordinal) ?? false);

    /// <summary>The very bytes of the training CSV (the only check an older card without fingerprints allows).</summary>
    public bool IsTrainingFile => string.Equals(DataHash, Card.DataHash, StringComparison.Ordinal);
}
