namespace OsteoMl.AutoML;

/// <summary>
/// Ensemble selection (Caruana et al., ICML 2004; the final step of AutoGluon's tabular AutoML): greedy forward
/// selection with replacement over the out-of-fold probabilities of completed trials. Each step adds the candidate
/// whose inclusion makes the running average score best; a candidate may be added many times, so its weight is its
/// share of the steps. Averaging many near-tied trials smooths away the selection noise that picking the single best
/// CV mean of hundreds of trials suffers from. As in the paper, the ensemble kept is the one at the best step (the
/// earliest on ties); step 1 is the single best candidate, so the ensemble's out-of-fold score is never below it.
/// </summary>
public static class EnsembleSelection
{
    public const int DefaultSteps = 25;

    /// <summary>
    /// Each candidate's weight (times chosen / steps taken, at the best step); ties go to the lower index.
    /// </summary>
    /// <param name="outOfFold">One probability per training row for each candidate, all aligned with labels.</param>
    public static double[] Select(
        IReadOnlyList<double[]> outOfFold,
        IReadOnlyList<bool> labels,
        ObjectiveMetric metric,
        int steps = DefaultSteps
    )
    {
        ArgumentNullException.ThrowIfNull(outOfFold);
        if (outOfFold.Count == 0 || steps < 1)
        {
            throw new ArgumentException("ensemble selection needs candidates and at least one step.");
        }
        if (outOfFold.Any(c => c.Length != labels.Count))
        {
            throw new ArgumentException("every candidate needs one out-of-fold probability per label.");
        }
        var counts = new int[outOfFold.Count];
        int[] bestCounts = [];
        double bestEnsembleLoss = double.PositiveInfinity;
        var sum = new double[labels.Count];
        var trial = new double[labels.Count];
        for (int step = 1; step <= steps; step++)
        {
            int chosen = -1;
            double bestLoss = double.PositiveInfinity;
            for (int c = 0; c < outOfFold.Count; c++)
            {
                for (int i = 0; i < trial.Length; i++)
                {
                    trial[i] = (sum[i] + outOfFold[c][i]) / step;
                }
                double loss = Loss(metric, ObjectiveScores.Compute(metric, trial, labels));
                if (loss < bestLoss)
                {
                    (bestLoss, chosen) = (loss, c);
                }
            }
            if (chosen < 0)
            {
                chosen = 0; // every candidate undefined (one class only): keep the best-ranked one
            }
            counts[chosen]++;
            for (int i = 0; i < sum.Length; i++)
            {
                sum[i] += outOfFold[chosen][i];
            }
            if (bestLoss < bestEnsembleLoss || bestCounts.Length == 0)
            {
                (bestEnsembleLoss, bestCounts) = (bestLoss, [.. counts]);
            }
        }
        int taken = bestCounts.Sum();
        return [.. bestCounts.Select(n => (double)n / taken)];
    }

    /// <summary>The weighted average of the candidates' probabilities.</summary>
    public static double[] Blend(IReadOnlyList<double[]> outOfFold, IReadOnlyList<double> weights)
    {
        var blend = new double[outOfFold[0].Length];
        for (int c = 0; c < outOfFold.Count; c++)
        {
            if (weights[c] == 0)
            {
                continue;
            }
            for (int i = 0; i < blend.Length; i++)
            {
                blend[i] += weights[c] * outOfFold[c][i];
            }
        }
        return blend;
    }

    private static double Loss(ObjectiveMetric metric, double score) =>
        !double.IsFinite(score) ? double.PositiveInfinity
        : metric == ObjectiveMetric.LogLoss ? score
        : -score;
}
