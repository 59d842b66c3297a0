using OsteoMl.Evaluation;

namespace OsteoMl.Tests.Evaluation;

public sealed class CalibrationTests
{
    /// <summary>Outcomes drawn from the probabilities themselves: calibrated by construction.</summary>
    private static (double[] P, bool[] Y) Calibrated(int n, int seed, Func<double, double>? distort = null)
    {
        var random = new Random(seed);
        double[] p = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
        bool[] y = p.Select(x => random.NextDouble() < x).ToArray();
        return (distort is null ? p : p.Select(distort).ToArray(), y);
    }

    [Fact]
    public void Given_calibrated_probabilities_When_measuring_Then_slope_is_near_one_intercept_near_zero_and_ece_small()
    {
        var (p, y) = Calibrated(20_000, 1);

        var c = Calibration.Compute(p, y);

        Assert.InRange(c.Slope, 0.95, 1.05);
        Assert.InRange(c.Intercept, -0.05, 0.05);
        Assert.InRange(c.ExpectedCalibrationError, 0, 0.02);
    }

    [Fact]
    public void Given_overconfident_probabilities_When_recalibrating_on_other_data_Then_Platt_and_isotonic_restore_calibration()
    {
        static double Sharpen(double x) =>
            1 / (1 + Math.Exp(-3 * Math.Log(Math.Clamp(x, 1e-6, 1 - 1e-6) / (1 - Math.Clamp(x, 1e-6, 1 - 1e-6)))));
        var (validationP, validationY) = Calibrated(5_000, 2, Sharpen);
        var (testP, testY) = Calibrated(5_000, 3, Sharpen);
        var before = Calibration.Compute(testP, testY);

        foreach (
            var recalibrator in new[]
            {
                Recalibrator.Platt(validationP, validationY),
                Recalibrator.Isotonic(validationP, validationY),
            }
        )
        {
            var after = Calibration.Compute(testP.Select(recalibrator.Apply).ToArray(), testY);

            Assert.True(
                after.ExpectedCalibrationError < before.ExpectedCalibrationError / 2,
                $"{recalibrator.Method}: {after.ExpectedCalibrationError} vs {before.ExpectedCalibrationError}"
            );
        }
        Assert.InRange(before.Slope, 0.25, 0.45); // logit sharpened ×3 → slope ≈ 1/3
    }

    [Fact]
    public void Given_isotonic_recalibration_When_applied_Then_it_is_monotone()
    {
        var (p, y) = Calibrated(500, 4);
        var isotonic = Recalibrator.Isotonic(p, y);

        double[] grid = Enumerable.Range(0, 101).Select(i => i / 100.0).ToArray();
        double[] mapped = grid.Select(isotonic.Apply).ToArray();

        Assert.True(mapped.Zip(mapped.Skip(1)).All(pair => pair.First <= pair.Second + 1e-12));
    }
}
