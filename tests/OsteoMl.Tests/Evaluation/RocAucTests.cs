using OsteoMl.Evaluation;

namespace OsteoMl.Tests.Evaluation;

public sealed class RocAucTests
{
    [Fact]
    public void Given_perfect_separation_When_computing_auc_Then_it_is_one()
    {
        Assert.Equal(1.0, RocAuc.Compute([0.1, 0.2, 0.8, 0.9], [false, false, true, true]));
    }

    [Fact]
    public void Given_ties_and_one_inversion_When_computing_auc_Then_ties_count_half()
    {
        // Pairs (pos, neg): (0.5,0.5)=½, (0.5,0.2)=1, (0.9,0.5)=1, (0.9,0.2)=1, plus pos 0.1 loses to both → 3.5/6.
        double auc = RocAuc.Compute([0.5, 0.9, 0.1, 0.5, 0.2], [true, true, true, false, false]);
        Assert.Equal(3.5 / 6, auc, 12);
    }

    [Fact]
    public void Given_one_class_When_computing_auc_Then_it_is_undefined()
    {
        Assert.True(double.IsNaN(RocAuc.Compute([0.1, 0.2], [true, true])));
    }

    [Fact]
    public void Given_scores_When_choosing_youden_threshold_Then_it_splits_the_classes_between_neighbours()
    {
        double threshold = ThresholdSelector.Youden([0.1, 0.3, 0.6, 0.8], [false, false, true, true]);
        Assert.Equal(0.45, threshold, 12);
        var metrics = BinaryMetrics.Compute([0.1, 0.3, 0.6, 0.8], [false, false, true, true], threshold);
        Assert.Equal(1.0, metrics.Sensitivity.Value);
        Assert.Equal(1.0, metrics.Specificity.Value);
        Assert.Equal(2, metrics.NPositive);
    }
}
