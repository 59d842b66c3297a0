using MathNet.Numerics.Distributions;

namespace OsteoMl.Evaluation;

/// <summary>
/// DeLong, DeLong and Clarke-Pearson (Biometrics 1988): the AUC's variance from its structural components
/// (each positive's and each negative's placement among the other class), the 95 % interval AUC ± 1.96·SE
/// clipped to [0, 1], and the paired test of two correlated AUCs on the same cases. Positives are expected to
/// score higher (pROC's <c>direction = "&lt;"</c>). Matches pROC's <c>ci.auc</c> and <c>roc.test(paired, method =
/// "delong")</c>.
/// </summary>
public static class DeLong
{
    private static readonly double Z975 = Normal.InvCDF(0, 1, 0.975);

    public static AucEstimate Estimate(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var (auc, v10, v01) = Components(scores, labels);
        double variance = Variance(v10) / v10.Length + Variance(v01) / v01.Length;
        double se = Math.Sqrt(variance);
        return new AucEstimate(auc, se, Math.Max(0, auc - Z975 * se), Math.Min(1, auc + Z975 * se), "DeLong");
    }

    /// <summary>Paired DeLong test of AUC(a) − AUC(b) on the same rows.</summary>
    public static AucComparison Compare(IReadOnlyList<double> a, IReadOnlyList<double> b, IReadOnlyList<bool> labels)
    {
        if (a.Count != b.Count)
        {
            throw new ArgumentException("Paired scores differ in length.");
        }
        var (aucA, v10A, v01A) = Components(a, labels);
        var (aucB, v10B, v01B) = Components(b, labels);
        double m = v10A.Length,
            n = v01A.Length;
        double varA = Variance(v10A) / m + Variance(v01A) / n;
        double varB = Variance(v10B) / m + Variance(v01B) / n;
        double cov = Covariance(v10A, v10B) / m + Covariance(v01A, v01B) / n;
        double se = Math.Sqrt(Math.Max(0, varA + varB - 2 * cov));
        double difference = aucA - aucB;
        if (se == 0)
        {
            return new AucComparison(
                aucA,
                aucB,
                difference,
                difference == 0 ? 0 : double.NaN,
                difference == 0 ? 1 : double.NaN
            );
        }
        double z = difference / se;
        return new AucComparison(aucA, aucB, difference, z, 2 * Normal.CDF(0, 1, -Math.Abs(z)));
    }

    /// <summary>
    /// AUC and the placements: V10ᵢ = P(score of positive i &gt; a negative), V01ⱼ = P(a positive &gt; negative j),
    /// ties ½.
    /// </summary>
    private static (double Auc, double[] V10, double[] V01) Components(
        IReadOnlyList<double> scores,
        IReadOnlyList<bool> labels
    )
    {
        if (scores.Count != labels.Count)
        {
            throw new ArgumentException("Scores and labels differ in length.");
        }
        double[] positives = scores.Where((_, i) => labels[i]).ToArray();
        double[] negatives = scores.Where((_, i) => !labels[i]).ToArray();
        if (positives.Length < 2 || negatives.Length < 2)
        {
            throw new ArgumentException("DeLong needs at least two cases of each class.");
        }
        // Placements via mid-ranks: O((m + n) log(m + n)) instead of the O(m·n) double loop.
        double[] sortedNegatives = [.. negatives.Order()];
        double[] sortedPositives = [.. positives.Order()];
        double[] v10 = positives.Select(x => Placement(sortedNegatives, x)).ToArray();
        double[] v01 = negatives.Select(y => 1 - Placement(sortedPositives, y)).ToArray();
        return (v10.Average(), v10, v01);
    }

    /// <summary>Fraction of <paramref name="sorted"/> below <paramref name="x"/>, ties counted one half.</summary>
    private static double Placement(double[] sorted, double x)
    {
        int below = LowerBound(sorted, x);
        int notAbove = UpperBound(sorted, x);
        return (below + 0.5 * (notAbove - below)) / sorted.Length;
    }

    private static int LowerBound(double[] sorted, double x)
    {
        int lo = 0,
            hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    private static int UpperBound(double[] sorted, double x)
    {
        int lo = 0,
            hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    private static double Variance(double[] x) => Covariance(x, x);

    private static double Covariance(double[] x, double[] y)
    {
        double mx = x.Average(),
            my = y.Average();
        return x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum() / (x.Length - 1);
    }
}
