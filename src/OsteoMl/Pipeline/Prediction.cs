namespace OsteoMl.Pipeline;

/// <summary>One scored row: branch and fused probabilities, the fused decision, and the label when known.</summary>
public sealed record Prediction(string PatientId, float ImageProbability, float ClinicalProbability, float FusedProbability, bool Predicted, bool? Label);
