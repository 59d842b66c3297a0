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

    [Fact]
    public void Given_repeated_fold_differences_When_testing_corrected_Then_the_variance_is_inflated_by_the_test_share()
    {
        double[] a = [1, 2, 3, 4, 5],
            b = [0, 0, 0, 0, 0];

        // t = 3 / sqrt(2.5 × (1/5 + 1/4)) = 2.828 on 4 degrees of freedom (numerical integration of the t density).
        Assert.Equal(0.047421, FoldStatistics.CorrectedPairedTTestP(a, b, 0.25), 5);
        Assert.Equal(FoldStatistics.PairedTTestP(a, b), FoldStatistics.CorrectedPairedTTestP(a, b, 0), 12);
        Assert.True(FoldStatistics.CorrectedPairedTTestP(a, b, 0.25) > FoldStatistics.PairedTTestP(a, b));
        Assert.Equal(Math.Sqrt(2.5 * (0.2 + 0.25)), FoldStatistics.CorrectedStandardError(a, b, 0.25), 12);
    }

    [Fact]
    public void Given_paired_fold_scores_When_applying_the_one_standard_error_rule_Then_the_fold_overlap_decides()
    {
        // Mean difference 0.016; its standard deviation 0.01517, so one corrected standard error is
        // 0.01517 × √(1/5 + 1/4) = 0.0102 for five folds, but 0.0166 if the folds shared all their rows (ratio 1).
        Assert.True(FoldStatistics.BeatsByOneStandardError(A, B, 0.25, ObjectiveMetric.Auc));
        Assert.False(FoldStatistics.BeatsByOneStandardError(A, B, 1, ObjectiveMetric.Auc));
        Assert.False(FoldStatistics.BeatsByOneStandardError(B, A, 0.25, ObjectiveMetric.Auc));
        // A lower log loss is the better one.
        Assert.True(FoldStatistics.BeatsByOneStandardError(B, A, 0.25, ObjectiveMetric.LogLoss));
        // Equal scores and unpaired scores never buy the complex candidate.
        Assert.False(FoldStatistics.BeatsByOneStandardError(A, A, 0.25, ObjectiveMetric.Auc));
        Assert.False(FoldStatistics.BeatsByOneStandardError(A, B.Take(3).ToArray(), 0.25, ObjectiveMetric.Auc));
    }
}
