namespace OsteoMl.Workflows.Training;

/// <summary>Each model's out-of-fold probabilities on the cross-validated rows, with their labels.</summary>
internal sealed record OutOfFoldScores(Dictionary<string, double[]> Scores, bool[] Labels);
