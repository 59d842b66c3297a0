namespace OsteoMl.Evaluation;

/// <summary>Area under the ROC curve by the Mann–Whitney statistic (ties count one half).</summary>
public static class RocAuc
{
    public static double Compute(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        if (scores.Count != labels.Count)
        {
            throw new ArgumentException("Scores and labels differ in length.");
        }
        int positives = labels.Count(l => l);
        int negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }
        // Mid-ranks over the pooled scores; AUC = (sum of positive ranks − n₊(n₊+1)/2) / (n₊ n₋).
        int[] order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double positiveRankSum = 0;
        for (int start = 0; start < order.Length; )
        {
            int end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }
            double midRank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++)
            {
                if (labels[order[k]])
                {
                    positiveRankSum += midRank;
                }
            }
            start = end + 1;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }
}
