using OsteoMl.Evaluation;

namespace OsteoMl.Tests.Evaluation;

public sealed class OperatingPointTests
{
    private static readonly double[] Scores = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];
    private static readonly bool[] Labels = [false, false, true, false, false, true, false, true, true, true];

    [Theory]
    [InlineData("youden", OperatingPointKind.Youden)]
    [InlineData("sensitivity=0.90", OperatingPointKind.Sensitivity)]
    [InlineData("specificity=0.8", OperatingPointKind.Specificity)]
    public void Given_text_When_parsing_Then_the_kind_is_recognised(string text, OperatingPointKind kind)
    {
        Assert.True(OperatingPoint.TryParse(text, out var point));
        Assert.Equal(kind, point.Kind);
    }

    [Theory]
    [InlineData("sensitivity=1.5")]
    [InlineData("recall=0.9")]
    [InlineData("specificity")]
    public void Given_nonsense_When_parsing_Then_it_is_refused(string text) =>
        Assert.False(OperatingPoint.TryParse(text, out _));

    [Fact]
    public void Given_a_sensitivity_target_When_choosing_Then_the_highest_threshold_reaching_it_is_taken()
    {
        OperatingPoint.TryParse("sensitivity=0.8", out var point);

        double threshold = point.ChooseThreshold(Scores, Labels);
        var metrics = BinaryMetrics.Compute(Scores, Labels, threshold);

        Assert.True(metrics.Sensitivity.Value >= 0.8);
        Assert.Equal(0.55, threshold, 9); // 4 of 5 positives score ≥ 0.6; the next step down would add a negative
    }

    [Fact]
    public void Given_a_specificity_target_When_choosing_Then_the_lowest_threshold_reaching_it_is_taken()
    {
        OperatingPoint.TryParse("specificity=0.8", out var point);

        double threshold = point.ChooseThreshold(Scores, Labels);

        Assert.True(BinaryMetrics.Compute(Scores, Labels, threshold).Specificity.Value >= 0.8);
        Assert.Equal(0.55, threshold, 9); // 4 of 5 negatives score below 0.55; 0.45 would leave only 3
    }
}
