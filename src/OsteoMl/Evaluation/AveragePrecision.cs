namespace OsteoMl.Evaluation;

/// <summary>
/// Area under the precision–recall curve as average precision: Σ (Rₖ − Rₖ₋₁) Pₖ over score thresholds,
/// tied scores taken together (scikit-learn's definition).
/// </summary>
public static class AveragePrecision
{
    public static double Compute(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        if (scores.Count != labels.Count)
        {
            throw new ArgumentException("Scores and labels differ in length.");
        }
        int positives = labels.Count(l => l);
        if (positives == 0)
        {
            return double.NaN;
        }
        int[] order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        double ap = 0,
            previousRecall = 0;
        int truePositives = 0,
            predicted = 0;
        for (int start = 0; start < order.Length; )
        {
            int end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }
            for (int k = start; k <= end; k++)
            {
                predicted++;
                truePositives += labels[order[k]] ? 1 : 0;
            }
            double recall = (double)truePositives / positives;
            ap += (recall - previousRecall) * truePositives / predicted;
            previousRecall = recall;
            start = end + 1;
        }
        return ap;
    }
}
