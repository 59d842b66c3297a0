namespace OsteoMl.AutoML;

/// <summary>
/// The configurations every clinical search tries first, before its tuner proposes anything (<see cref="Default"/>
/// lists them in the order they run). Whatever the tuner then finds can only be added to these (the ensemble
/// selection chooses among all of them), so the search cannot end below the simple models users compare it with.
/// </summary>
public static class Portfolio
{
    /// <summary>
    /// ML.NET's defaults for L-BFGS logistic regression (L1 = L2 = 1): the reference every run reports.
    /// </summary>
    public static TrialParameters ReferenceLogistic { get; } =
        Config(TrainerCatalog.LogisticRegression, ("l1", 1), ("l2", 1));

    /// <summary>
    /// In the order they run: one of each model family first (the reference, LightGbm near its defaults, the GAM),
    /// then the variants. A short budget on a small, wide table can end after four to seven trials (sonar: 146
    /// training rows, 60 columns, 35 repeated folds, 30 s on a 2-core Xeon), so the families most unlike the
    /// reference come before the slow, weakly penalised logistic regression (l2 = 0.1 takes L-BFGS many iterations
    /// there). Checked on fresh splits before it was kept: bench/results/clinical-portfolio-order.md.
    /// </summary>
    public static IReadOnlyList<TrialParameters> Default { get; } =
    [
        ReferenceLogistic,
        Config(
            TrainerCatalog.LightGbm,
            ("leaves", 20),
            ("iterations", 100),
            ("minLeaf", 20),
            ("learningRate", 0.1),
            ("l2", 1e-3)
        ),
        Config(TrainerCatalog.Gam, ("iterations", 300), ("learningRate", 0.02), ("minLeaf", 10), ("maxBins", 64)),
        Config(TrainerCatalog.LogisticRegression, ("l1", 1e-4), ("l2", 10)),
        Config(
            TrainerCatalog.LightGbm,
            ("leaves", 8),
            ("iterations", 200),
            ("minLeaf", 20),
            ("learningRate", 0.05),
            ("l2", 1)
        ),
        Config(TrainerCatalog.FastForest, ("leaves", 16), ("trees", 200), ("minLeaf", 5), ("featureFraction", 0.7)),
        Config(TrainerCatalog.LogisticRegression, ("l1", 1e-4), ("l2", 0.1)),
    ];

    /// <summary>The default portfolio's configurations whose trainer is searched.</summary>
    public static IReadOnlyList<TrialParameters> For(IEnumerable<SearchableTrainer> trainers)
    {
        var names = trainers.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        return [.. Default.Where(p => names.Contains(p.Trainer))];
    }

    private static TrialParameters Config(string trainer, params (string Name, double Value)[] values) =>
        new(trainer, values.ToDictionary(v => v.Name, v => v.Value));
}
