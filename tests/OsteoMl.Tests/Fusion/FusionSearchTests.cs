using OsteoMl.AutoML;
using OsteoMl.Data;
using OsteoMl.Fusion;

namespace OsteoMl.Tests.Fusion;

public sealed class FusionSearchTests
{
    // Out-of-fold probabilities of two branches over 240 rows of 120 patients: one informative, one a coin.
    private static (double[][] OutOfFold, bool[] Labels, PatientFolds Folds) Branches(int seed)
    {
        var random = new Random(seed);
        int n = 240;
        string[] ids = [.. Enumerable.Range(0, n).Select(i => $"P{i / 2}")];
        bool[] labels = new bool[n];
        double[] signal = new double[n],
            coin = new double[n];
        for (int i = 0; i < n; i += 2)
        {
            bool label = random.NextDouble() < 0.4;
            for (int j = i; j < i + 2; j++)
            {
                labels[j] = label;
                signal[j] = 1 / (1 + Math.Exp(-((label ? 1.5 : -1.5) + random.NextDouble() * 2 - 1)));
                coin[j] = random.NextDouble();
            }
        }
        return ([signal, coin], labels, PatientFolds.Create(ids, labels, 4, seed));
    }

    [Fact]
    public void Given_the_grid_When_listed_Then_it_has_the_mean_and_one_logistic_trial_per_penalty()
    {
        var grid = FusionSearch.Grid([FusionStrategy.MeanLogit, FusionStrategy.LogisticStacking], [0.1, 1, 10]);

        Assert.Equal(4, grid.Count);
        Assert.Equal(nameof(FusionStrategy.MeanLogit), grid[0].Trainer);
        Assert.Equal((FusionStrategy.LogisticStacking, 10f, 0.5), FusionSearch.Decode(grid[3]));
    }

    [Fact]
    public void Given_the_weighted_average_When_gridded_Then_its_ends_are_each_branch_alone_and_the_simplest_rules()
    {
        var grid = FusionSearch.Grid([FusionStrategy.WeightedAverage], [], [0, 0.5, 1]);

        Assert.Equal(
            ["clinical only", "WeightedAverage(w=0.5)", "image only"],
            grid.Select(p => FusionSearch.Describe(p, ["image", "clinical"]))
        );
        Assert.Equal([0, 1, 0], grid.Select(FusionSearch.Complexity));
    }

    [Fact]
    public void Given_one_informative_branch_When_searched_Then_the_rule_chosen_is_that_branch_alone_and_scores_like_it()
    {
        var (outOfFold, labels, folds) = Branches(seed: 2);
        var search = new FusionSearch(outOfFold, labels, folds, ObjectiveMetric.Auc, seed: 2);
        var grid = FusionSearch.Grid(Enum.GetValues<FusionStrategy>(), [0.1, 1, 10]);

        var trials = grid.Select((p, i) => search.Run(i, p, CancellationToken.None)).ToList();
        var chosen = Leaderboard.SimplestTied(
            trials,
            FusionSearch.Stage,
            folds.TestToTrainRatio,
            FusionSearch.Complexity
        )!;

        // Branch 0 carries the signal and branch 1 is a coin: using branch 0 alone is as good as any learned blend.
        Assert.Equal("image only", FusionSearch.Describe(chosen.Parameters, ["image", "clinical"]));
        Assert.True(chosen.Mean >= trials.Max(t => t.Mean) - 0.02);
    }

    [Fact]
    public void Given_an_informative_and_a_noise_branch_When_searched_Then_learned_weights_beat_the_equal_mean_on_held_out_folds()
    {
        var (outOfFold, labels, folds) = Branches(seed: 1);
        var search = new FusionSearch(outOfFold, labels, folds, ObjectiveMetric.Auc, seed: 1);

        var mean = search.Run(0, FusionSearch.Grid([FusionStrategy.MeanLogit], [])[0], CancellationToken.None);
        var logistic = search.Run(
            1,
            FusionSearch.Grid([FusionStrategy.LogisticStacking], [1])[0],
            CancellationToken.None
        );

        Assert.Equal(TrialStatus.Completed, logistic.Status);
        Assert.Equal(folds.Count, logistic.FoldScores.Count);
        Assert.True(logistic.Mean > mean.Mean, $"logistic {logistic.Mean} vs mean {mean.Mean}");
    }

    [Fact]
    public void Given_a_fusion_trial_When_its_fold_is_rescored_by_hand_Then_the_meta_model_saw_only_the_other_folds()
    {
        var (outOfFold, labels, folds) = Branches(seed: 2);
        var search = new FusionSearch(outOfFold, labels, folds, ObjectiveMetric.Auc, seed: 2);
        var trial = search.Run(0, FusionSearch.Grid([FusionStrategy.LogisticStacking], [1])[0], CancellationToken.None);

        double[][] logits = [.. outOfFold.Select(p => p.Select(MetaModel.Logit).ToArray())];
        var ml = new Microsoft.ML.MLContext(2);
        double[] expected =
        [
            .. folds
                .All()
                .Select(f =>
                {
                    var meta = MetaModel.Fit(ml, logits, labels, f.TrainRows, FusionStrategy.LogisticStacking, 1f);
                    return Math.Round(
                        OsteoMl.Evaluation.RocAuc.Compute(
                            [.. f.HeldOutRows.Select(i => meta.Predict(logits, i))],
                            [.. f.HeldOutRows.Select(i => labels[i])]
                        ),
                        6
                    );
                }),
        ];
        Assert.Equal(expected, trial.FoldScores);
    }

    [Fact]
    public void Given_predictions_that_do_not_cover_the_folds_When_searching_Then_it_refuses()
    {
        var (outOfFold, labels, folds) = Branches(seed: 3);

        Assert.Throws<ArgumentException>(() =>
            new FusionSearch([outOfFold[0][..10], outOfFold[1]], labels, folds, ObjectiveMetric.Auc, 3)
        );
    }
}
