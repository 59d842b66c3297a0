namespace OsteoMl.Evaluation;

/// <summary>Operating points chosen on validation data (never on the test set).</summary>
public static class ThresholdSelector
{
    /// <summary>
    /// The threshold maximising Youden's J = sensitivity + specificity − 1; a case is positive when
    /// score ≥ threshold. Returns the midpoint between neighbouring scores so that it generalises.
    /// </summary>
    public static double Youden(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        int positives = labels.Count(l => l);
        int negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return 0.5;
        }
        var sorted = scores.Select((s, i) => (Score: s, Label: labels[i])).OrderByDescending(x => x.Score).ToArray();
        double bestJ = double.NegativeInfinity,
            best = 0.5;
        int truePositives = 0,
            falsePositives = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            if (sorted[i].Label)
                truePositives++;
            else
                falsePositives++;
            bool boundary = i == sorted.Length - 1 || sorted[i + 1].Score < sorted[i].Score;
            if (!boundary)
            {
                continue;
            }
            double j = (double)truePositives / positives - (double)falsePositives / negatives;
            if (j > bestJ)
            {
                bestJ = j;
                best = i == sorted.Length - 1 ? sorted[i].Score : (sorted[i].Score + sorted[i + 1].Score) / 2;
            }
        }
        return best;
    }
}
