namespace OsteoMl.Evaluation;

/// <summary>
/// One compared model's scores on the evaluated rows (NaN where it cannot score), and its frozen threshold.
/// </summary>
public sealed record ModelScores(
    string Name,
    IReadOnlyList<double> Scores,
    double Threshold,
    bool IsProbability = true
);
