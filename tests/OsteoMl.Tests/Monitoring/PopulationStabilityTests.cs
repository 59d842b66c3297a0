using OsteoMl.Data;
using OsteoMl.Monitoring;

namespace OsteoMl.Tests.Monitoring;

public sealed class PopulationStabilityTests
{
    [Fact]
    public void Given_hand_computed_shares_When_computing_the_psi_Then_it_matches()
    {
        // (0.3 − 0.5) ln(0.3/0.5) + 0 + (0.4 − 0.2) ln(0.4/0.2) = 0.10217 + 0.13863
        double psi = PopulationStability.Psi([50, 30, 20], [30, 30, 40]);

        Assert.Equal(0.2407946, psi, 6);
    }

    [Fact]
    public void Given_an_empty_new_bin_When_computing_the_psi_Then_it_counts_as_half_a_row_and_stays_finite()
    {
        // q = 0.5/100 in the empty bin: (0.005 − 0.5) ln(0.005/0.5) + (1 − 0.5) ln(1/0.5)
        double psi = PopulationStability.Psi([50, 50], [0, 100]);

        Assert.Equal(-0.495 * Math.Log(0.01) + 0.5 * Math.Log(2), psi, 9);
    }

    [Fact]
    public void Given_a_2x2_table_When_testing_homogeneity_Then_the_chi_square_matches_the_hand_value()
    {
        // Expected 40/60 on each side: (50−40)²/40 · 2 + (50−60)²/60 · 2 = 8.3333, df 1, p = 0.00389
        var (statistic, df, p) = PopulationStability.ChiSquare([50, 50], [30, 70]);

        Assert.Equal(8.33333, statistic, 4);
        Assert.Equal(1, df);
        Assert.Equal(0.003892, p, 5);
    }

    [Fact]
    public void Given_binned_samples_When_computing_ks_Then_it_is_the_largest_gap_of_the_cumulative_shares()
    {
        Assert.Equal(0.2, PopulationStability.KolmogorovSmirnov([50, 30, 20], [30, 30, 40]), 9);
    }

    [Fact]
    public void Given_rare_categories_When_building_a_histogram_Then_they_merge_with_their_neighbour_and_unseen_values_land_there()
    {
        string[] values = [.. Enumerable.Repeat("A", 10), .. Enumerable.Repeat("B", 3), .. Enumerable.Repeat("C", 2)];

        var histogram = DriftHistogram.Categorical("site", values);

        Assert.Equal([10, 5], histogram.Bins.Select(b => b.Count));
        Assert.Equal(["B", "C"], histogram.Bins[1].Values!);
        Assert.True(histogram.Bins[1].Other);
        Assert.Equal(1, histogram.BinOf("Z"));
        Assert.Equal(0, histogram.BinOf("A"));
    }

    [Fact]
    public void Given_numbers_and_blanks_When_building_deciles_Then_no_bin_is_under_five_and_blanks_join_the_lowest_bin()
    {
        double[] values = [.. Enumerable.Range(1, 20).Select(v => (double)v), double.NaN, double.NaN];

        var histogram = DriftHistogram.Numeric("x", values);

        Assert.All(histogram.Bins, b => Assert.True(b.Count >= DriftHistogram.MinimumCount));
        Assert.Equal(22, histogram.Total);
        Assert.Single(histogram.Bins, b => b.Missing);
        Assert.Equal(0, histogram.BinOf(double.NaN));
        Assert.Equal(0, histogram.BinOf(1));
        Assert.Equal(histogram.Bins.Count - 1, histogram.BinOf(1000));
        Assert.Equal(ColumnKind.Numeric, histogram.Kind);
    }

    [Fact]
    public void Given_a_binary_column_When_building_deciles_Then_it_has_one_bin_per_value()
    {
        double[] values = [.. Enumerable.Repeat(0.0, 80), .. Enumerable.Repeat(1.0, 20)];

        var histogram = DriftHistogram.Numeric("smoking", values);

        Assert.Equal([80, 20], histogram.Bins.Select(b => b.Count));
        Assert.Equal(1, histogram.BinOf("1"));
        Assert.Equal(1, histogram.BinOf("yes"));
    }
}
