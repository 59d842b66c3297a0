using OsteoMl.AutoML;

namespace OsteoMl.Tests.AutoML;

public sealed class TunerTests
{
    private static List<TrialResult> Search(ITuner tuner, int trials)
    {
        var runner = new SyntheticSearch.Runner();
        return [.. new AutoMLExperiment(tuner, runner, new ExperimentOptions { MaxTrials = trials }).Run().Trials];
    }

    [Fact]
    public void Given_the_cfo_tuner_When_it_starts_Then_it_tries_each_trainer_once_at_its_low_cost_configuration_cheapest_first()
    {
        var trials = Search(new CfoTuner(SyntheticSearch.Trainers, seed: 1), 3);

        Assert.Equal(["Cheap", "Middle", "Pricey"], trials.Select(t => t.Trainer));
        Assert.All(trials, t => Assert.All(t.Hyperparameters.Values, v => Assert.Equal(0, v)));
    }

    [Theory]
    [InlineData("cfo")]
    [InlineData("random")]
    public void Given_the_same_seed_When_searching_twice_Then_the_trial_sequence_is_identical(string tuner)
    {
        var first = Search(Tuners.Create(tuner, SyntheticSearch.Trainers, 7), 40).Select(t => t.Parameters).ToList();
        var second = Search(Tuners.Create(tuner, SyntheticSearch.Trainers, 7), 40).Select(t => t.Parameters).ToList();
        var otherSeed = Search(Tuners.Create(tuner, SyntheticSearch.Trainers, 8), 40)
            .Select(t => t.Parameters)
            .ToList();

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherSeed);
        Assert.Equal(first.Count, first.Distinct().Count());
    }

    [Fact]
    public void Given_a_smooth_loss_When_cfo_searches_Then_it_finds_the_best_trainer_and_nears_its_optimum()
    {
        var trials = Search(new CfoTuner(SyntheticSearch.Trainers, seed: 3), 200);
        var best = trials.MinBy(t => t.Loss)!;

        Assert.True(
            best.Trainer == "Middle",
            string.Join(
                " ",
                trials.GroupBy(t => t.Trainer).Select(g => $"{g.Key}:{g.Count()}:{g.Min(t => t.Loss):0.000}")
            )
        );
        Assert.True(best.Loss < 0.01, $"best loss {best.Loss}");
    }

    [Fact]
    public void Given_one_trainer_and_a_smooth_loss_When_comparing_tuners_over_seeds_Then_the_local_search_refines_better_than_random()
    {
        // Equal trial counts favour random search across trainers (CFO spends on cheap trainers by design, which pays
        // in time, not trials); within one trainer the local search should refine past random sampling.
        IReadOnlyList<SearchableTrainer> one = [SyntheticSearch.Trainers[2]];
        double Mean(string tuner) =>
            Enumerable.Range(0, 10).Average(seed => Search(Tuners.Create(tuner, one, seed), 60).Min(t => t.Loss));

        Assert.True(Mean("cfo") < Mean("random"), $"cfo {Mean("cfo")} vs random {Mean("random")}");
    }
}
