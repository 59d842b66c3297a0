namespace OsteoMl.Evaluation;

/// <summary>
/// Stratified bootstrap interval for the AUC (pROC's <c>ci.auc(method = "bootstrap")</c>): resample positives
/// and negatives separately with replacement, take the 2.5th and 97.5th percentiles. Seeded, so repeatable.
/// </summary>
public static class BootstrapAuc
{
    public static AucEstimate Estimate(
        IReadOnlyList<double> scores,
        IReadOnlyList<bool> labels,
        int replicates = 2000,
        int seed = 1
    )
    {
        double[] positives = scores.Where((_, i) => labels[i]).ToArray();
        double[] negatives = scores.Where((_, i) => !labels[i]).ToArray();
        if (positives.Length == 0 || negatives.Length == 0)
        {
            throw new ArgumentException("The bootstrap needs both classes.");
        }
        var random = new Random(seed);
        var aucs = new double[replicates];
        var sampleScores = new double[positives.Length + negatives.Length];
        var sampleLabels = new bool[sampleScores.Length];
        for (int r = 0; r < replicates; r++)
        {
            for (int i = 0; i < positives.Length; i++)
            {
                sampleScores[i] = positives[random.Next(positives.Length)];
                sampleLabels[i] = true;
            }
            for (int j = 0; j < negatives.Length; j++)
            {
                sampleScores[positives.Length + j] = negatives[random.Next(negatives.Length)];
                sampleLabels[positives.Length + j] = false;
            }
            aucs[r] = RocAuc.Compute(sampleScores, sampleLabels);
        }
        Array.Sort(aucs);
        double auc = RocAuc.Compute(scores, labels);
        double mean = aucs.Average();
        double se = Math.Sqrt(aucs.Sum(a => (a - mean) * (a - mean)) / (replicates - 1));
        return new AucEstimate(
            auc,
            se,
            Quantile(aucs, 0.025),
            Quantile(aucs, 0.975),
            $"stratified bootstrap ({replicates})"
        );
    }

    /// <summary>R's default (type 7) quantile of sorted data.</summary>
    internal static double Quantile(double[] sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
