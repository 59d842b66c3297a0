using MathNet.Numerics.Distributions;

namespace OsteoMl.Evaluation;

/// <summary>
/// A proportion k/n with its Wilson score 95 % interval (no continuity correction; R's
/// <c>prop.test(k, n, correct = FALSE)$conf.int</c>). Wilson stays inside [0, 1] and behaves at 0 and n,
/// where the Wald interval does not.
/// </summary>
public sealed record Proportion(int Successes, int Trials)
{
    private static readonly double Z = Normal.InvCDF(0, 1, 0.975);

    public double Value => Trials == 0 ? double.NaN : (double)Successes / Trials;

    public double Low => Interval().Low;
    public double High => Interval().High;

    private (double Low, double High) Interval()
    {
        if (Trials == 0)
        {
            return (double.NaN, double.NaN);
        }
        double n = Trials,
            p = Successes / n,
            z2 = Z * Z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
        // At k = 0 and k = n the bounds are exactly 0 and 1; the formula leaves rounding dust.
        return (Successes == 0 ? 0 : Math.Max(0, centre - half), Successes == Trials ? 1 : Math.Min(1, centre + half));
    }
}
