namespace OsteoMl.Training.FineTuning;

/// <summary>
/// Light, anatomy-preserving augmentation of a 224 × 224 gray film for <c>--fine-tune all</c>: rotation within ±5°,
/// shift within ±8 pixels (bilinear, edge pixels repeated), contrast × 0.9–1.1 about the film's mean, and Gaussian
/// noise
/// of σ = 2 gray levels. No flips: chest anatomy is not left–right symmetric.
/// </summary>
public static class FilmAugmentation
{
    private const int Side = OsteoMl.Imaging.RadiographCatalog.InputSize;

    /// <summary>An augmented copy as planar floats (written to <paramref name="destination"/>, 224 × 224).</summary>
    public static void Apply(byte[] film, Span<float> destination, Random random)
    {
        double angle = (random.NextDouble() * 2 - 1) * 5 * Math.PI / 180;
        double shiftX = (random.NextDouble() * 2 - 1) * 8,
            shiftY = (random.NextDouble() * 2 - 1) * 8;
        double contrast = 0.9 + 0.2 * random.NextDouble();
        double mean = 0;
        foreach (byte b in film)
        {
            mean += b;
        }
        mean /= film.Length;
        double cos = Math.Cos(angle),
            sin = Math.Sin(angle),
            centre = (Side - 1) / 2.0;
        for (int y = 0; y < Side; y++)
        {
            for (int x = 0; x < Side; x++)
            {
                // Inverse mapping: where in the source this output pixel comes from.
                double dx = x - centre - shiftX,
                    dy = y - centre - shiftY;
                double sx = Math.Clamp(cos * dx + sin * dy + centre, 0, Side - 1),
                    sy = Math.Clamp(-sin * dx + cos * dy + centre, 0, Side - 1);
                int x0 = Math.Min((int)sx, Side - 2),
                    y0 = Math.Min((int)sy, Side - 2);
                double fx = sx - x0,
                    fy = sy - y0;
                double value =
                    (1 - fy) * ((1 - fx) * film[y0 * Side + x0] + fx * film[y0 * Side + x0 + 1])
                    + fy * ((1 - fx) * film[(y0 + 1) * Side + x0] + fx * film[(y0 + 1) * Side + x0 + 1]);
                value = mean + contrast * (value - mean) + 2 * Gaussian(random);
                destination[y * Side + x] = (float)Math.Clamp(value, 0, 255);
            }
        }
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
