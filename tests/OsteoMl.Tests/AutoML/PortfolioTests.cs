using OsteoMl.AutoML;

namespace OsteoMl.Tests.AutoML;

public sealed class PortfolioTests
{
    [Fact]
    public void Given_the_default_portfolio_When_checked_against_the_catalog_Then_every_value_is_inside_its_range()
    {
        foreach (var config in Portfolio.Default)
        {
            var trainer = TrainerCatalog.FindOrThrow(config.Trainer, "portfolio");
            Assert.Equal(trainer.Hyperparameters.Select(h => h.Name).Order(), config.Values.Keys.Order());
            Assert.All(trainer.Hyperparameters, h => Assert.InRange(config[h.Name], h.Min, h.Max));
        }
    }

    [Fact]
    public void Given_a_portfolio_tuner_When_proposing_Then_the_portfolio_comes_first_and_the_next_tuner_sees_only_its_own()
    {
        var trainers = TrainerCatalog.All.Where(t => t.Name is TrainerCatalog.LogisticRegression).ToArray();
        var portfolio = Portfolio.For(trainers);
        var inner = new RandomSearchTuner(trainers, seed: 1);
        var reference = new RandomSearchTuner(trainers, seed: 1);
        var tuner = new PortfolioTuner(portfolio, inner);

        var proposed = Enumerable.Range(0, portfolio.Count + 3).Select(tuner.Propose).ToList();

        Assert.Equal(3, portfolio.Count);
        Assert.Equal(portfolio, proposed.Take(portfolio.Count));
        Assert.Equal(Enumerable.Range(portfolio.Count, 3).Select(reference.Propose), proposed.Skip(portfolio.Count));
    }
}
