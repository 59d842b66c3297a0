namespace ConsumerApp;

/// <summary>
/// The columns an OsteoMl zip adds: both branch probabilities, the fused one and the decision; and the decided
/// model's outputs under ML.NET's standard names (Probability, PredictedLabel, Score), as any ML.NET sample reads them.
/// </summary>
public sealed class ScoredRow
{
    public string PatientId { get; set; } = "";
    public float ImageProbability { get; set; }
    public float ClinicalProbability { get; set; }
    public float FusedProbability { get; set; }
    public bool PredictedOsteoporosis { get; set; }

    /// <summary>The decided model's probability: the fused one (the clinical one in a tabular-only zip).</summary>
    public float Probability { get; set; }

    /// <summary>The decision at the frozen threshold: the same as <see cref="PredictedOsteoporosis"/>.</summary>
    public bool PredictedLabel { get; set; }

    /// <summary>The decided probability's logit (what ML.NET's evaluators rank by).</summary>
    public float Score { get; set; }
}
