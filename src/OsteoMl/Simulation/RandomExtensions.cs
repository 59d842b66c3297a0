namespace OsteoMl.Simulation;

/// <summary>Distributions the simulator draws from; all deterministic for a seeded <see cref="Random"/>.</summary>
internal static class RandomExtensions
{
    /// <summary>Standard normal draw by the Box–Muller transform.</summary>
    public static double NextGaussian(this Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public static double NextNormal(this Random random, double mean, double sd) => mean + sd * random.NextGaussian();

    public static bool NextBernoulli(this Random random, double p) => random.NextDouble() < p;

    public static double NextUniform(this Random random, double low, double high) =>
        low + (high - low) * random.NextDouble();

    public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));
}
