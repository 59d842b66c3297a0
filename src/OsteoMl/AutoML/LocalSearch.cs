namespace OsteoMl.AutoML;

/// <summary>
/// FLOW2, the randomized direct search inside CFO (Wu, Wang, Huang, Wang — "Frugal Optimization for
/// Cost-related Hyperparameters", AAAI 2021), for one trainer in its unit cube. It starts at the low-cost
/// configuration and moves only on improvement, so cost grows only when it pays. From the incumbent x it tries
/// x + δu for a random unit direction u, then x − δu; after <see cref="_patience"/> directions without
/// improvement it halves δ, and once δ falls below its floor it restarts from a random point.
/// </summary>
internal sealed class LocalSearch
{
    private readonly SearchableTrainer _trainer;
    private readonly Random _random;
    private readonly double _initialStep;
    private readonly double _minimumStep;
    private readonly int _patience;

    private double[] _incumbent;
    private double _incumbentLoss = double.PositiveInfinity;
    private bool _started;
    private double _step;
    private double[]? _direction;
    private bool _triedOpposite;
    private int _directionsWithoutImprovement;

    public LocalSearch(SearchableTrainer trainer, Random random)
    {
        _trainer = trainer;
        _random = random;
        int d = trainer.Hyperparameters.Count;
        _initialStep = 0.1 * Math.Sqrt(d);
        _minimumStep = 0.01;
        // CFO waits 2^(d−1) directions before shrinking; capped so small budgets still adapt.
        _patience = Math.Min(1 << Math.Max(0, d - 1), 8);
        _step = _initialStep;
        _incumbent = trainer.ToUnit(trainer.LowCostParameters());
    }

    public int Restarts { get; private set; }

    /// <summary>The next point to evaluate, in the unit cube.</summary>
    public double[] Propose()
    {
        if (!_started)
        {
            return (double[])_incumbent.Clone();
        }
        if (_direction is not null && !_triedOpposite)
        {
            _triedOpposite = true;
            return Move(-1);
        }
        _direction = RandomUnitVector(_incumbent.Length);
        _triedOpposite = false;
        return Move(+1);
    }

    /// <summary>Learns from the loss at the point <see cref="Propose"/> returned last.</summary>
    public void Update(double[] point, double loss)
    {
        if (!_started)
        {
            _started = true;
            _incumbent = point;
            _incumbentLoss = loss;
            return;
        }
        if (loss < _incumbentLoss)
        {
            _incumbent = point;
            _incumbentLoss = loss;
            _direction = null;
            _directionsWithoutImprovement = 0;
            return;
        }
        if (_direction is not null && !_triedOpposite)
        {
            return; // next: the opposite direction
        }
        _direction = null;
        if (++_directionsWithoutImprovement < _patience)
        {
            return;
        }
        _directionsWithoutImprovement = 0;
        _step /= 2;
        if (_step < _minimumStep)
        {
            // Converged here: restart from a random point (a new start, not a new trainer).
            Restarts++;
            _step = _initialStep;
            _incumbent = _incumbent.Select(_ => _random.NextDouble()).ToArray();
            _started = false;
            _incumbentLoss = double.PositiveInfinity;
        }
    }

    public SearchableTrainer Trainer => _trainer;

    private double[] Move(int sign) =>
        _incumbent.Select((x, i) => Math.Clamp(x + sign * _step * _direction![i], 0, 1)).ToArray();

    private double[] RandomUnitVector(int d)
    {
        var v = new double[d];
        double norm;
        do
        {
            for (int i = 0; i < d; i++)
            {
                // Box–Muller: a Gaussian vector normalised is uniform on the sphere.
                v[i] =
                    Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
            }
            norm = Math.Sqrt(v.Sum(x => x * x));
        } while (norm < 1e-12);
        return v.Select(x => x / norm).ToArray();
    }
}
