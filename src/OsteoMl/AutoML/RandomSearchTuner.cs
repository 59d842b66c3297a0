namespace OsteoMl.AutoML;

/// <summary>
/// Seeded random search: a trainer uniformly at random, then every hyperparameter uniformly on its (log)
/// scale. The honest baseline every other tuner must beat; never proposes a configuration twice.
/// </summary>
public sealed class RandomSearchTuner : ITuner
{
    private readonly IReadOnlyList<SearchableTrainer> _trainers;
    private readonly Random _random;
    private readonly HashSet<TrialParameters> _seen = [];

    public RandomSearchTuner(IReadOnlyList<SearchableTrainer> trainers, int seed)
    {
        if (trainers is null || trainers.Count == 0)
        {
            throw new ArgumentException("A search needs at least one trainer.", nameof(trainers));
        }
        _trainers = trainers;
        _random = new Random(seed);
    }

    public string Name => "random";

    public TrialParameters Propose(int trialId)
    {
        TrialParameters candidate;
        int attempts = 0;
        do
        {
            var trainer = _trainers[_random.Next(_trainers.Count)];
            candidate = trainer.FromUnit(trainer.Hyperparameters.Select(_ => _random.NextDouble()).ToArray());
        } while (!_seen.Add(candidate) && ++attempts < 100);
        return candidate;
    }

    public void Update(TrialResult result) => _seen.Add(result.Parameters);
}
