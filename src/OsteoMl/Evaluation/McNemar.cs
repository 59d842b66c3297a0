using MathNet.Numerics.Distributions;

namespace OsteoMl.Evaluation;

/// <summary>
/// McNemar's test on paired correctness of two classifiers (R's <c>mcnemar.test</c>, continuity-corrected):
/// χ² = (|b − c| − 1)² / (b + c) on the discordant pairs, 1 degree of freedom.
/// </summary>
public static class McNemar
{
    /// <returns>The two-sided p; 1 when the classifiers never disagree.</returns>
    public static double P(IReadOnlyList<bool> correctA, IReadOnlyList<bool> correctB)
    {
        if (correctA.Count != correctB.Count)
        {
            throw new ArgumentException("Paired results differ in length.");
        }
        int b = 0,
            c = 0;
        for (int i = 0; i < correctA.Count; i++)
        {
            if (correctA[i] && !correctB[i])
                b++;
            else if (!correctA[i] && correctB[i])
                c++;
        }
        if (b + c == 0)
        {
            return 1;
        }
        double statistic = Math.Pow(Math.Abs(b - c) - 1, 2) / (b + c);
        return 1 - ChiSquared.CDF(1, statistic);
    }
}
