using OsteoMl.Monitoring;

namespace OsteoMl.Tests.Monitoring;

/// <summary>Drift references made in code, without inputs or score histograms, for the tests of one statistic.</summary>
internal static class SyntheticReferences
{
    public static DriftReference Of(
        int scoredPatients = 0,
        int flagged = 0,
        LabelledDrift? heldOut = null,
        EmbeddingReference? embedding = null
    ) =>
        new()
        {
            InputsOn = "none",
            ScoresOn = "synthetic held-out patients",
            Inputs = [],
            Scores = [],
            DecidedScore = "p_fused",
            Threshold = 0.5,
            ScoredPatients = scoredPatients,
            Flagged = flagged,
            Auc = heldOut?.Auc.Auc,
            HeldOut = heldOut,
            Embedding = embedding,
        };
}
