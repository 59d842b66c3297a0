namespace ConsumerApp;

/// <summary>The columns an OsteoMl zip adds: both branch probabilities, the fused one and the decision.</summary>
public sealed class ScoredRow
{
    public string PatientId { get; set; } = "";
    public float ImageProbability { get; set; }
    public float ClinicalProbability { get; set; }
    public float FusedProbability { get; set; }
    public bool PredictedOsteoporosis { get; set; }
}
