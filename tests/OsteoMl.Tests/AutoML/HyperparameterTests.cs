using OsteoMl.AutoML;

namespace OsteoMl.Tests.AutoML;

public sealed class HyperparameterTests
{
    [Fact]
    public void Given_a_log_scale_range_When_mapping_the_unit_interval_Then_ends_and_midpoint_are_geometric()
    {
        var h = new Hyperparameter("lr", 0.01, 1, 0.1, LogScale: true);

        Assert.Equal(0.01, h.FromUnit(0), 12);
        Assert.Equal(1, h.FromUnit(1), 12);
        Assert.Equal(0.1, h.FromUnit(0.5), 12);
        Assert.Equal(0.5, h.ToUnit(0.1), 12);
    }

    [Fact]
    public void Given_an_integer_hyperparameter_When_mapping_Then_values_are_whole_and_clamped()
    {
        var h = new Hyperparameter("trees", 4, 500, 4, LogScale: true, IsInteger: true);

        Assert.All(Enumerable.Range(0, 21).Select(i => h.FromUnit(i / 20.0)), v => Assert.Equal(Math.Round(v), v));
        Assert.Equal(4, h.FromUnit(-3));
        Assert.Equal(500, h.FromUnit(7));
    }

    [Fact]
    public void Given_every_catalog_trainer_When_taking_its_low_cost_configuration_Then_it_is_the_cheapest_corner_of_the_tree_sizes()
    {
        foreach (var trainer in TrainerCatalog.All)
        {
            var low = trainer.LowCostParameters();
            var high = trainer.FromUnit(trainer.Hyperparameters.Select(_ => 1.0).ToArray());
            Assert.True(trainer.EstimateCost(low) <= trainer.EstimateCost(high), trainer.Name);
        }
    }
}
