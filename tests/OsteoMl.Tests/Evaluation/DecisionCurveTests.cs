using OsteoMl.Evaluation;

namespace OsteoMl.Tests.Evaluation;

public sealed class DecisionCurveTests
{
    private static readonly bool[] Labels = [true, false, true, false, false];

    [Fact]
    public void Given_five_patients_When_computing_net_benefit_Then_it_matches_the_hand_computation()
    {
        var model = new ModelScores("clinical", [0.9, 0.8, 0.3, 0.2, 0.6], 0.5);

        var curve = DecisionCurve.Compute([model], Labels, [0.25, 0.5]);

        // pt = 0.25: refer 0.9 (case), 0.8, 0.3 (case), 0.6 → (2 − 2 · 1/3) / 5; pt = 0.5: 0.9, 0.8, 0.6 → (1 − 2) / 5.
        Assert.Equal(4.0 / 15, curve.NetBenefit["clinical"][0], 12);
        Assert.Equal(-0.2, curve.NetBenefit["clinical"][1], 12);
        // Refer all at prevalence 0.4: 0.4 − 0.6 · 1/3 and 0.4 − 0.6.
        Assert.Equal(0.2, curve.TreatAll[0], 12);
        Assert.Equal(-0.2, curve.TreatAll[1], 12);
    }

    [Fact]
    public void Given_a_point_score_and_unscored_rows_When_computing_Then_only_probabilities_count_on_their_own_rows()
    {
        var tool = new ModelScores("osta", [-3, 2, -1, 4, 0], -1, IsProbability: false);
        var partial = new ModelScores("image", [0.9, double.NaN, 0.3, 0.2, double.NaN], 0.5);

        var curve = DecisionCurve.Compute([tool, partial], Labels, [0.25]);

        Assert.False(curve.NetBenefit.ContainsKey("osta"));
        // Three scored rows: 0.9 (case) and 0.3 (case) referred, no false positive.
        Assert.Equal(2.0 / 3, curve.NetBenefit["image"][0], 12);
    }
}
