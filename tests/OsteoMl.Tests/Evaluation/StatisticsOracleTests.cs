using OsteoMl.Evaluation;

namespace OsteoMl.Tests.Evaluation;

/// <summary>
/// Reference values from R 4.2 with pROC 1.18 (Debian r-cran-proc), computed at development time with
/// <c>roc(labels, x, direction = "&lt;")</c>, <c>ci.auc(method = "delong")</c>, <c>roc.test(paired = TRUE, method =
/// "delong")</c>,
/// <c>mcnemar.test</c>, <c>prop.test(correct = FALSE)</c> and <c>glm</c>; the script is in the test's comments.
/// </summary>
public sealed class StatisticsOracleTests
{
    private static readonly bool[] Labels = new[]
    {
        1,
        0,
        1,
        1,
        0,
        0,
        1,
        0,
        1,
        0,
        0,
        1,
        0,
        0,
        1,
        1,
        0,
        0,
        0,
        1,
        0,
        1,
        0,
        0,
        1,
        0,
        1,
        0,
        0,
        1,
    }
        .Select(x => x == 1)
        .ToArray();
    private static readonly double[] A =
    [
        0.91,
        0.12,
        0.78,
        0.66,
        0.45,
        0.20,
        0.55,
        0.33,
        0.88,
        0.61,
        0.05,
        0.72,
        0.40,
        0.15,
        0.50,
        0.95,
        0.30,
        0.22,
        0.58,
        0.81,
        0.10,
        0.47,
        0.36,
        0.26,
        0.70,
        0.44,
        0.63,
        0.18,
        0.52,
        0.77,
    ];
    private static readonly double[] B =
    [
        0.80,
        0.30,
        0.60,
        0.70,
        0.50,
        0.25,
        0.45,
        0.40,
        0.70,
        0.55,
        0.20,
        0.65,
        0.35,
        0.30,
        0.60,
        0.85,
        0.45,
        0.20,
        0.50,
        0.60,
        0.15,
        0.50,
        0.40,
        0.35,
        0.55,
        0.50,
        0.45,
        0.25,
        0.60,
        0.70,
    ];
    private static readonly double[] C =
    [
        0.61,
        0.52,
        0.48,
        0.66,
        0.45,
        0.70,
        0.55,
        0.33,
        0.58,
        0.61,
        0.25,
        0.42,
        0.40,
        0.55,
        0.50,
        0.65,
        0.30,
        0.62,
        0.58,
        0.51,
        0.10,
        0.47,
        0.66,
        0.26,
        0.70,
        0.44,
        0.63,
        0.48,
        0.52,
        0.37,
    ];

    [Theory]
    [InlineData("A", 0.9638009050, 0.9092210801, 1.0)]
    [InlineData("B", 0.9208144796, 0.8305715069, 1.0)] // B has many ties
    [InlineData("C", 0.6561085973, 0.4574267883, 0.8547904063)]
    public void Given_scores_When_estimating_the_auc_by_DeLong_Then_it_matches_pROC(
        string name,
        double auc,
        double low,
        double high
    )
    {
        double[] scores = name switch
        {
            "A" => A,
            "B" => B,
            _ => C,
        };

        var estimate = DeLong.Estimate(scores, Labels);

        Assert.Equal(auc, estimate.Auc, 1e-9);
        Assert.Equal(low, estimate.Low, 1e-9);
        Assert.Equal(high, estimate.High, 1e-9);
    }

    [Fact]
    public void Given_two_models_on_the_same_cases_When_comparing_by_paired_DeLong_Then_z_and_p_match_pROC()
    {
        var ab = DeLong.Compare(A, B, Labels);
        var ac = DeLong.Compare(A, C, Labels);

        Assert.Equal(1.1291003362, ab.Z, 1e-8);
        Assert.Equal(0.2588555095, ab.P, 1e-8);
        Assert.Equal(3.1869772767, ac.Z, 1e-8);
        Assert.Equal(0.0014376807, ac.P, 1e-8);
    }

    [Fact]
    public void Given_paired_correctness_When_testing_Then_McNemar_matches_R()
    {
        bool[] correctA = A.Select((s, i) => s >= 0.5 == Labels[i]).ToArray();
        bool[] correctB = B.Select((s, i) => s >= 0.5 == Labels[i]).ToArray();

        Assert.Equal(0.3710933695, McNemar.P(correctA, correctB), 1e-9);
    }

    [Fact]
    public void Given_17_of_23_When_computing_the_Wilson_interval_Then_it_matches_prop_test()
    {
        var p = new Proportion(17, 23);

        Assert.Equal(0.5352999516, p.Low, 1e-9);
        Assert.Equal(0.8745138396, p.High, 1e-9);
        Assert.Equal(0, new Proportion(0, 10).Low);
        Assert.Equal(1, new Proportion(10, 10).High);
    }

    [Fact]
    public void Given_probabilities_When_computing_calibration_Then_slope_intercept_and_Brier_match_glm()
    {
        var calibration = Calibration.Compute(B, Labels);

        Assert.Equal(4.1695166920, calibration.Slope, 1e-6);
        Assert.Equal(-0.2159956171, calibration.Intercept, 1e-6);
        Assert.Equal(0.1526666667, calibration.Brier, 1e-9);
        Assert.Equal(Labels.Length, calibration.Bins.Sum(b => b.Count));
    }

    [Fact]
    public void Given_scores_When_bootstrapping_Then_the_interval_is_seeded_and_brackets_the_auc()
    {
        var first = BootstrapAuc.Estimate(C, Labels, 500, seed: 3);
        var second = BootstrapAuc.Estimate(C, Labels, 500, seed: 3);

        Assert.Equal(first, second);
        Assert.InRange(first.Auc, first.Low, first.High);
        Assert.Equal(0.6561085973, first.Auc, 1e-9);
    }

    /// <summary>
    /// R 4.2, at development time: <c>tp &lt;- sum(p &gt;= pt &amp; y == 1); fp &lt;- sum(p &gt;= pt &amp; y == 0);
    /// tp/n - fp/n * pt/(1-pt)</c> and <c>mean(y) - (1-mean(y)) * pt/(1-pt)</c> for pt in 0.1, 0.3, 0.5, 0.7.
    /// </summary>
    [Fact]
    public void Given_the_oracle_scores_When_computing_the_decision_curve_Then_net_benefit_matches_R()
    {
        var curve = DecisionCurve.Compute([new ModelScores("a", A, 0.5)], Labels, [0.1, 0.3, 0.5, 0.7]);

        double[] expected = [0.3740740741, 0.3047619048, 0.3, 0.2666666667];
        double[] referAll = [0.3703703704, 0.1904761905, -0.1333333333, -0.8888888889];
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], curve.NetBenefit["a"][i], 9);
            Assert.Equal(referAll[i], curve.TreatAll[i], 9);
        }
    }
}
