namespace OsteoMl.AutoML;

/// <summary>
/// Proposes a fixed portfolio first, then hands over to another tuner, which starts from its own initial state
/// (it is not told the portfolio's results: its model of the space is its own). Deterministic, so a resumed run
/// replays the same proposals.
/// </summary>
public sealed class PortfolioTuner(IReadOnlyList<TrialParameters> portfolio, ITuner next) : ITuner
{
    private int _proposed;

    public string Name => next.Name;

    public TrialParameters Propose(int trialId) => _proposed < portfolio.Count ? portfolio[_proposed++] : Next(trialId);

    private TrialParameters Next(int trialId)
    {
        _proposed++;
        return next.Propose(trialId);
    }

    public void Update(TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (_proposed > portfolio.Count)
        {
            next.Update(result);
        }
    }
}
