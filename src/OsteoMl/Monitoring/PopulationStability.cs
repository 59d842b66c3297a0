using MathNet.Numerics.Distributions;

namespace OsteoMl.Monitoring;

/// <summary>
/// Comparisons of a new sample's bin counts with a reference histogram's: the population stability index, Pearson's
/// chi-square test of homogeneity (the sampling noise of both samples, which the PSI alone ignores) and the
/// Kolmogorov–Smirnov distance between the binned distribution functions.
/// </summary>
public static class PopulationStability
{
    /// <summary>
    /// PSI = Σ (qᵢ − pᵢ) ln(qᵢ / pᵢ), p the reference share, q the new share of each bin. A bin with no rows on one
    /// side counts as half a row there (reference bins hold at least five patients, so only new bins can be empty),
    /// which keeps the index finite.
    /// </summary>
    public static double Psi(IReadOnlyList<int> reference, IReadOnlyList<int> current)
    {
        Check(reference, current);
        double n = reference.Sum(),
            m = current.Sum();
        if (n == 0 || m == 0)
        {
            return double.NaN;
        }
        double psi = 0;
        for (int i = 0; i < reference.Count; i++)
        {
            double p = Math.Max(reference[i], 0.5) / n,
                q = Math.Max(current[i], 0.5) / m;
            psi += (q - p) * Math.Log(q / p);
        }
        return psi;
    }

    /// <summary>
    /// Pearson's chi-square test that both samples come from one distribution over the bins (2 × k table; bins empty
    /// on both sides are left out): the statistic, its degrees of freedom and the p-value. Under no drift
    /// PSI ≈ (1/n + 1/m) · X², so this is the PSI's own sampling distribution.
    /// </summary>
    public static (double Statistic, int DegreesOfFreedom, double P) ChiSquare(
        IReadOnlyList<int> reference,
        IReadOnlyList<int> current
    )
    {
        Check(reference, current);
        double n = reference.Sum(),
            m = current.Sum();
        int[] used = [.. Enumerable.Range(0, reference.Count).Where(i => reference[i] + current[i] > 0)];
        if (n == 0 || m == 0 || used.Length < 2)
        {
            return (0, 0, 1);
        }
        double statistic = 0;
        foreach (int i in used)
        {
            double column = reference[i] + current[i];
            double expectedReference = n * column / (n + m),
                expectedCurrent = m * column / (n + m);
            statistic +=
                Math.Pow(reference[i] - expectedReference, 2) / expectedReference
                + Math.Pow(current[i] - expectedCurrent, 2) / expectedCurrent;
        }
        int df = used.Length - 1;
        return (statistic, df, ChiSquared.CDF(df, statistic) is var cdf ? Math.Max(0, 1 - cdf) : 1);
    }

    /// <summary>
    /// The largest gap between the two distribution functions at the bins' edges (bins in order). Binning can only hide
    /// gaps, so this is at most the KS distance of the raw values.
    /// </summary>
    public static double KolmogorovSmirnov(IReadOnlyList<int> reference, IReadOnlyList<int> current)
    {
        Check(reference, current);
        double n = reference.Sum(),
            m = current.Sum();
        if (n == 0 || m == 0)
        {
            return double.NaN;
        }
        double cumulativeReference = 0,
            cumulativeCurrent = 0,
            distance = 0;
        for (int i = 0; i < reference.Count; i++)
        {
            cumulativeReference += reference[i] / n;
            cumulativeCurrent += current[i] / m;
            distance = Math.Max(distance, Math.Abs(cumulativeReference - cumulativeCurrent));
        }
        return distance;
    }

    private static void Check(IReadOnlyList<int> reference, IReadOnlyList<int> current)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        if (reference.Count != current.Count)
        {
            throw new ArgumentException("the two histograms have different bins.");
        }
    }
}
