namespace OsteoMl.Evaluation;

/// <summary>
/// The empirical ROC curve: (false-positive rate, true-positive rate) at every distinct threshold, from (0, 0) to (1,
/// 1).
/// </summary>
public static class RocCurve
{
    public static IReadOnlyList<(double Fpr, double Tpr)> Points(
        IReadOnlyList<double> scores,
        IReadOnlyList<bool> labels
    )
    {
        int[] rows = Enumerable
            .Range(0, scores.Count)
            .Where(i => double.IsFinite(scores[i]))
            .OrderByDescending(i => scores[i])
            .ToArray();
        int positives = rows.Count(i => labels[i]),
            negatives = rows.Length - positives;
        var points = new List<(double, double)> { (0, 0) };
        if (positives == 0 || negatives == 0)
        {
            return points;
        }
        int tp = 0,
            fp = 0;
        for (int k = 0; k < rows.Length; k++)
        {
            if (labels[rows[k]])
                tp++;
            else
                fp++;
            if (k == rows.Length - 1 || scores[rows[k + 1]] < scores[rows[k]])
            {
                points.Add(((double)fp / negatives, (double)tp / positives));
            }
        }
        return points;
    }
}
