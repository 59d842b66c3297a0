namespace OsteoMl.AutoML;

/// <summary>
/// Cost-frugal optimisation with learner selection by estimated cost for improvement (ECI), after FLAML
/// (Wang et al., MLSys 2021). Each trainer has its own <see cref="LocalSearch"/> that starts from its cheapest
/// configuration. Untried trainers go first, cheapest first; after that a trainer is drawn with probability
/// ∝ 1/ECI, where ECI is the larger of (a) the cost it took this trainer to find its last improvement, and
/// (b) the cost it would need, at its recent rate of improvement, to reach the best loss of any trainer.
/// Costs come from each trainer's deterministic cost model, not the wall clock, so the same data and seed
/// give the same trial sequence on any machine and under any load.
/// </summary>
public sealed class CfoTuner : ITuner
{
    private readonly Random _random;
    private readonly List<Learner> _learners;
    private readonly Dictionary<TrialParameters, double> _seen = [];
    private readonly Dictionary<int, (Learner Learner, double[] Point)> _pending = [];

    public CfoTuner(IReadOnlyList<SearchableTrainer> trainers, int seed)
    {
        if (trainers is null || trainers.Count == 0)
        {
            throw new ArgumentException("A search needs at least one trainer.", nameof(trainers));
        }
        _random = new Random(seed);
        _learners = trainers.Select(t => new Learner(new LocalSearch(t, _random))).ToList();
    }

    public string Name => "cfo";

    public TrialParameters Propose(int trialId)
    {
        Learner learner = ChooseLearner();
        // A step that rounds onto an evaluated configuration is answered from memory, not re-run.
        for (int attempt = 0; ; attempt++)
        {
            double[] point = learner.Search.Propose();
            TrialParameters parameters = learner.Search.Trainer.FromUnit(point);
            if (!_seen.TryGetValue(parameters, out double knownLoss) || attempt >= 50)
            {
                _pending[trialId] = (learner, point);
                return parameters;
            }
            learner.Search.Update(point, knownLoss);
        }
    }

    public void Update(TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        double loss = result.Loss;
        _seen[result.Parameters] = loss;
        if (!_pending.Remove(result.Id, out var pending))
        {
            // A trial this tuner did not propose (e.g. from an older log): only remember its loss.
            return;
        }
        pending.Learner.Record(result.Cost, loss);
        pending.Learner.Search.Update(pending.Point, loss);
    }

    private Learner ChooseLearner()
    {
        Learner? untried = _learners
            .Where(l => l.Trials == 0)
            .OrderBy(l => l.Search.Trainer.EstimateCost(l.Search.Trainer.LowCostParameters()))
            .FirstOrDefault();
        if (untried is not null)
        {
            return untried;
        }
        double globalBest = _learners.Min(l => l.BestLoss);
        double[] weights = _learners.Select(l => 1 / l.EstimatedCostForImprovement(globalBest)).ToArray();
        double draw = _random.NextDouble() * weights.Sum();
        for (int i = 0; i < weights.Length; i++)
        {
            draw -= weights[i];
            if (draw <= 0)
            {
                return _learners[i];
            }
        }
        return _learners[^1];
    }

    /// <summary>
    /// Cost bookkeeping of one trainer, in FLAML's notation K₀ (spent), K₁ (at best), K₂ (at the best before).
    /// </summary>
    private sealed class Learner(LocalSearch search)
    {
        public LocalSearch Search { get; } = search;
        public int Trials { get; private set; }
        public double BestLoss { get; private set; } = double.PositiveInfinity;
        private double _previousBestLoss = double.PositiveInfinity;
        private double _spent,
            _spentAtBest,
            _spentAtPreviousBest;
        private double _lastTrialCost;

        public void Record(double cost, double loss)
        {
            Trials++;
            _lastTrialCost = Math.Max(cost, 1e-6);
            _spent += _lastTrialCost;
            if (loss < BestLoss)
            {
                _previousBestLoss = BestLoss;
                BestLoss = loss;
                _spentAtPreviousBest = _spentAtBest;
                _spentAtBest = _spent;
            }
        }

        public double EstimatedCostForImprovement(double globalBest)
        {
            double floor = Math.Max(_lastTrialCost, 1e-6);
            if (!double.IsFinite(BestLoss))
            {
                return Math.Max(2 * _spent, floor);
            }
            double toImprove = Math.Max(Math.Max(_spent - _spentAtBest, _spentAtBest - _spentAtPreviousBest), floor);
            if (BestLoss <= globalBest)
            {
                return toImprove;
            }
            double gain = _previousBestLoss - BestLoss;
            double toCatchUp =
                double.IsFinite(gain) && gain > 0
                    ? (BestLoss - globalBest) / (gain / Math.Max(_spentAtBest - _spentAtPreviousBest, floor))
                    : 2 * _spent;
            return Math.Max(toImprove, toCatchUp);
        }
    }
}
