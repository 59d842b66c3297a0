using MathNet.Numerics.Distributions;

namespace OsteoMl.AutoML;

/// <summary>
/// Statistics over the k cross-validation folds of a run. Fold scores are not independent (training sets
/// overlap), so the t-interval is optimistic; it is a ranking aid, not a claim about new patients.
/// </summary>
public static class FoldStatistics
{
    /// <summary>Mean and 95 % Student-t interval of the fold scores.</summary>
    public static (double Mean, double Low, double High) MeanWithInterval(IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count == 0)
        {
            return (double.NaN, double.NaN, double.NaN);
        }
        double mean = scores.Average();
        if (scores.Count == 1)
        {
            return (mean, double.NaN, double.NaN);
        }
        double sd = Math.Sqrt(scores.Sum(s => (s - mean) * (s - mean)) / (scores.Count - 1));
        double half = StudentT.InvCDF(0, 1, scores.Count - 1, 0.975) * sd / Math.Sqrt(scores.Count);
        return (mean, mean - half, mean + half);
    }

    /// <summary>
    /// Two-sided paired t-test on per-fold differences (both trials saw the same folds). Returns 1 when the
    /// differences are all zero and NaN when the inputs cannot be paired.
    /// </summary>
    public static double PairedTTestP(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count || a.Count < 2)
        {
            return double.NaN;
        }
        double[] d = a.Zip(b, (x, y) => x - y).ToArray();
        double mean = d.Average();
        double sd = Math.Sqrt(d.Sum(x => (x - mean) * (x - mean)) / (d.Length - 1));
        if (sd == 0)
        {
            return mean == 0 ? 1 : 0;
        }
        double t = mean / (sd / Math.Sqrt(d.Length));
        return 2 * (1 - StudentT.CDF(0, 1, d.Length - 1, Math.Abs(t)));
    }

    /// <summary>
    /// The corrected resampled t-test (Nadeau and Bengio, Machine Learning 2003) on per-fold differences of repeated
    /// k-fold cross-validation: the variance of the mean difference is σ²·(1/J + n_test/n_train) instead of σ²/J,
    /// because the J fold scores share training rows (and, across repeats, the same rows); the naive paired test
    /// over 10 × 5 repeated folds calls a difference significant far too often. <paramref name="testToTrainRatio"/>
    /// is the held-out rows over the training rows of one fold (1/(k − 1) for k folds).
    /// </summary>
    public static double CorrectedPairedTTestP(
        IReadOnlyList<double> a,
        IReadOnlyList<double> b,
        double testToTrainRatio
    )
    {
        double se = CorrectedStandardError(a, b, testToTrainRatio);
        if (double.IsNaN(se))
        {
            return double.NaN;
        }
        double mean = a.Average() - b.Average();
        if (se == 0)
        {
            return mean == 0 ? 1 : 0;
        }
        return 2 * (1 - StudentT.CDF(0, 1, a.Count - 1, Math.Abs(mean / se)));
    }

    /// <summary>
    /// The one-standard-error rule (Breiman et al. 1984; glmnet's lambda.1se) on paired fold scores: whether
    /// <paramref name="complex"/>'s mean beats <paramref name="simple"/>'s by more than one standard error of the mean
    /// difference, corrected for the folds' shared training rows (<see cref="CorrectedStandardError"/>). False when
    /// the scores cannot be paired: a difference that cannot be judged buys nothing.
    /// </summary>
    public static bool BeatsByOneStandardError(
        IReadOnlyList<double> complex,
        IReadOnlyList<double> simple,
        double testToTrainRatio,
        ObjectiveMetric metric
    )
    {
        double difference = complex.Average() - simple.Average();
        double oriented = metric == ObjectiveMetric.LogLoss ? -difference : difference;
        return oriented > CorrectedStandardError(complex, simple, testToTrainRatio);
    }

    /// <summary>
    /// The corrected standard error of the mean per-fold difference a − b (see <see cref="CorrectedPairedTTestP"/>):
    /// σ_d·√(1/J + n_test/n_train); NaN when the inputs cannot be paired.
    /// </summary>
    public static double CorrectedStandardError(
        IReadOnlyList<double> a,
        IReadOnlyList<double> b,
        double testToTrainRatio
    )
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count || a.Count < 2 || !(testToTrainRatio >= 0))
        {
            return double.NaN;
        }
        double[] d = a.Zip(b, (x, y) => x - y).ToArray();
        double mean = d.Average();
        double variance = d.Sum(x => (x - mean) * (x - mean)) / (d.Length - 1);
        return Math.Sqrt(variance * (1.0 / d.Length + testToTrainRatio));
    }
}
