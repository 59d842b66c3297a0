using Microsoft.ML;

namespace OsteoMl.AutoML;

/// <summary>
/// An ML.NET binary trainer with its search space: hyperparameter ranges, a deterministic cost model (so that
/// cost-aware tuners make the same choices on a busy machine as on a quiet one) and a factory that builds the
/// trainer for one configuration. The factory's estimator must write a calibrated <c>Probability</c> column.
/// </summary>
public sealed class SearchableTrainer
{
    private readonly Func<TrialParameters, double> _cost;
    private readonly Func<MLContext, TrainerInputs, TrialParameters, IEstimator<ITransformer>> _build;

    public SearchableTrainer(
        string name,
        IReadOnlyList<Hyperparameter> hyperparameters,
        bool needsNormalization,
        Func<TrialParameters, double> cost,
        Func<MLContext, TrainerInputs, TrialParameters, IEstimator<ITransformer>> build
    )
    {
        Name = name;
        Hyperparameters = hyperparameters;
        NeedsNormalization = needsNormalization;
        _cost = cost;
        _build = build;
    }

    public string Name { get; }
    public IReadOnlyList<Hyperparameter> Hyperparameters { get; }

    /// <summary>Linear learners want standardised features; trees do not care.</summary>
    public bool NeedsNormalization { get; }

    /// <summary>Relative cost of one fit per 1,000 rows (≈ seconds on a 2-core machine; calibrated once).</summary>
    public double EstimateCost(TrialParameters parameters) => _cost(parameters);

    public IEstimator<ITransformer> Build(MLContext mlContext, TrainerInputs inputs, TrialParameters parameters) =>
        _build(mlContext, inputs, parameters);

    /// <summary>The configuration a cost-frugal search starts from.</summary>
    public TrialParameters LowCostParameters() =>
        new(Name, Hyperparameters.ToDictionary(h => h.Name, h => h.FromUnit(h.ToUnit(h.LowCost))));

    /// <summary>
    /// Maps a point of the unit cube to hyperparameter values (rounded as the trainer will see them).
    /// </summary>
    public TrialParameters FromUnit(IReadOnlyList<double> unit) =>
        new(
            Name,
            Hyperparameters
                .Select((h, i) => (h.Name, Value: h.FromUnit(unit[i])))
                .ToDictionary(x => x.Name, x => x.Value)
        );

    public double[] ToUnit(TrialParameters parameters) =>
        Hyperparameters
            .Select(h => parameters.Values.TryGetValue(h.Name, out double v) ? h.ToUnit(v) : h.ToUnit(h.LowCost))
            .ToArray();

    public override string ToString() => Name;
}
