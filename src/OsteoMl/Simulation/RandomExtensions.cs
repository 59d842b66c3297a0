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

    /// <summary>
    /// Fills <paramref name="values"/> with standard normal draws: one Box–Muller draw each (version 1), or by
    /// Marsaglia's polar method, which keeps both normals of each accepted pair and needs no sine or cosine
    /// (version 2; MathNet's sampler is the same method but fills whole arrays only).
    /// </summary>
    public static void NextGaussians(this Random random, Span<double> values, SimulatorVersion version)
    {
        if (version == SimulatorVersion.V1)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = random.NextGaussian();
            }
            return;
        }
        for (int i = 0; i < values.Length; i += 2)
        {
            double x,
                y,
                radius;
            do
            {
                x = 2 * random.NextDouble() - 1;
                y = 2 * random.NextDouble() - 1;
                radius = x * x + y * y;
            } while (radius is >= 1 or 0);
            double scale = Math.Sqrt(-2 * Math.Log(radius) / radius);
            values[i] = x * scale;
            if (i + 1 < values.Length)
            {
                values[i + 1] = y * scale;
            }
        }
    }

    public static double NextNormal(this Random random, double mean, double sd) => mean + sd * random.NextGaussian();

    public static bool NextBernoulli(this Random random, double p) => random.NextDouble() < p;

    public static double NextUniform(this Random random, double low, double high) =>
        low + (high - low) * random.NextDouble();

    public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));
}
