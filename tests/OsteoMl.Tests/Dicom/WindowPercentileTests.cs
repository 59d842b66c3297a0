using OsteoMl.Common;

namespace OsteoMl.Tests.Dicom;

public sealed class WindowPercentileTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(1000, 7)]
    [InlineData(65_536, 3)]
    public void Given_values_with_ties_When_selecting_any_order_statistic_Then_it_equals_the_sorted_value(
        int count,
        int seed
    )
    {
        var random = new Random(seed);
        // Few distinct values (a 12-bit detector's film has many ties) and a long tail.
        double[] values = [.. Enumerable.Range(0, count).Select(_ => (double)(random.Next(0, 40) * random.Next(1, 4)))];
        double[] sorted = [.. values.Order()];

        foreach (int k in new[] { 0, count / 200, count / 2, count - 1 - count / 200, count - 1 })
        {
            Assert.Equal(sorted[k], OrderStatistic.Select([.. values], k));
        }
    }
}
