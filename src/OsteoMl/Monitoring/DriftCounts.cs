namespace OsteoMl.Monitoring;

/// <summary>A window's tallies at one moment, in the reference's histogram order.</summary>
internal sealed record DriftCounts(
    int Rows,
    int RowsWithInputs,
    int Flagged,
    int[][] Inputs,
    int[][] Scores,
    int[][] Embedding,
    (double Probability, bool Label)[] Labelled
);
