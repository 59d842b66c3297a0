using OsteoMl.AutoML;
using OsteoMl.Evaluation;

namespace OsteoMl.Tests.AutoML;

public sealed class EnsembleSelectionTests
{
    /// <summary>
    /// Two candidates that each rank only half of the rows (the other half is a coin toss) and a pure-noise one:
    /// the known answer is an equal blend of the first two, which ranks every row, and no weight on the noise.
    /// </summary>
    [Fact]
    public void Given_two_complementary_candidates_and_noise_When_selecting_Then_the_blend_is_half_and_half_without_noise()
    {
        var random = new Random(3);
        int n = 400;
        bool[] labels = [.. Enumerable.Range(0, n).Select(i => i % 4 < 2)];
        double Signal(int i) => (labels[i] ? 0.7 : 0.3) + 0.05 * random.NextDouble();
        double[] left = [.. Enumerable.Range(0, n).Select(i => i % 2 == 0 ? Signal(i) : random.NextDouble())];
        double[] right = [.. Enumerable.Range(0, n).Select(i => i % 2 == 1 ? Signal(i) : random.NextDouble())];
        double[] noise = [.. Enumerable.Range(0, n).Select(_ => random.NextDouble())];

        double[] weights = EnsembleSelection.Select([noise, left, right], labels, ObjectiveMetric.Auc);

        Assert.Equal(1, weights.Sum(), 9);
        Assert.Equal(0, weights[0]);
        Assert.InRange(weights[1], 0.35, 0.65);
        Assert.InRange(weights[2], 0.35, 0.65);
        double blended = RocAuc.Compute(EnsembleSelection.Blend([noise, left, right], weights), labels);
        Assert.True(blended > Math.Max(RocAuc.Compute(left, labels), RocAuc.Compute(right, labels)) + 0.05);
    }

    [Fact]
    public void Given_one_candidate_better_than_any_blend_When_selecting_Then_it_alone_is_kept()
    {
        bool[] labels = [.. Enumerable.Range(0, 100).Select(i => i % 2 == 0)];
        double[] perfect = [.. labels.Select(l => l ? 0.9 : 0.1)];
        double[] inverted = [.. labels.Select(l => l ? 0.2 : 0.8)];

        double[] weights = EnsembleSelection.Select([inverted, perfect], labels, ObjectiveMetric.Auc);

        Assert.Equal([0, 1], weights);
    }
}
