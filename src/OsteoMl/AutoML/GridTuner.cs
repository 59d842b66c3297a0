namespace OsteoMl.AutoML;

/// <summary>Proposes a fixed list of configurations in order, then repeats the best. For tiny, cheap spaces
/// (the image head's penalty, the fusion strategy) where an exhaustive grid is cheaper than being clever.</summary>
public sealed class GridTuner(IReadOnlyList<TrialParameters> grid) : ITuner
{
    private TrialResult? _best;

    public string Name => "grid";

    /// <summary>How many configurations the grid holds.</summary>
    public int Count => grid.Count;

    public TrialParameters Propose(int trialId) => trialId < grid.Count ? grid[trialId] : _best?.Parameters ?? grid[^1];

    public void Update(TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (_best is null || result.Loss < _best.Loss)
        {
            _best = result;
        }
    }
}
