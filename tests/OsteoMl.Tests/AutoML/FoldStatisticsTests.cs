using OsteoMl.AutoML;

namespace OsteoMl.Tests.AutoML;

public sealed class FoldStatisticsTests
{
    private static readonly double[] A = [0.80, 0.82, 0.79, 0.85, 0.81];
    private static readonly double[] B = [0.78, 0.80, 0.80, 0.82, 0.79];

    [Fact]
    public void Given_five_fold_scores_When_computing_the_interval_Then_it_matches_R_t_test()
    {
        // R: t.test(c(0.80,0.82,0.79,0.85,0.81))$conf.int → 0.7854147481 0.8425852519
        var (mean, low, high) = FoldStatistics.MeanWithInterval(A);

        Assert.Equal(0.814, mean, 9);
        Assert.Equal(0.7854147481, low, 8);
        Assert.Equal(0.8425852519, high, 8);
    }

    [Fact]
    public void Given_paired_fold_scores_When_testing_Then_p_matches_R_paired_t_test()
    {
        // R: t.test(a, b, paired = TRUE)$p.value → 0.07774164095
        Assert.Equal(0.07774164095, FoldStatistics.PairedTTestP(A, B), 8);
        Assert.Equal(1, FoldStatistics.PairedTTestP(A, A));
        Assert.True(double.IsNaN(FoldStatistics.PairedTTestP(A, B.Take(3).ToArray())));
    }
}
