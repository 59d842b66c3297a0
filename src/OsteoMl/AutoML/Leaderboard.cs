namespace OsteoMl.AutoML;

/// <summary>
/// Ranks a run's completed trials of one stage by their cross-validated metric. A trial is marked tied with the
/// best when a paired t-test over the shared folds cannot tell them apart (two-sided p ≥ 0.05): with 5 folds
/// such differences are noise, and a simpler or cheaper tied trainer is a fair choice.
/// </summary>
public static class Leaderboard
{
    public const double TieLevel = 0.05;

    public static IReadOnlyList<LeaderboardEntry> Build(IEnumerable<TrialResult> trials, string stage = "clinical")
    {
        var completed = trials
            .Where(t => t.Stage == stage && t.Status == TrialStatus.Completed)
            .OrderBy(t => t.Loss)
            .ThenBy(t => t.Id)
            .ToList();
        if (completed.Count == 0)
        {
            return [];
        }
        TrialResult best = completed[0];
        return completed
            .Select(
                (t, i) =>
                {
                    double p = i == 0 ? 1 : FoldStatistics.PairedTTestP(best.FoldScores, t.FoldScores);
                    return new LeaderboardEntry(i + 1, t, p, i == 0 || p >= TieLevel);
                }
            )
            .ToArray();
    }

    /// <summary>The best completed trial per trainer, best first.</summary>
    /// <summary>
    /// The selection rule for a handful of candidates of different complexity (image variants, fusion rules): of the
    /// trials tied with the best (paired t-test over the same folds, p ≥ <see cref="TieLevel"/>), the one of least
    /// <paramref name="complexity"/>, then the better ranked. A difference within noise never buys complexity.
    /// </summary>
    public static TrialResult? SimplestTied(
        IEnumerable<TrialResult> trials,
        string stage,
        Func<TrialParameters, int> complexity
    ) =>
        Build(trials, stage)
            .Where(e => e.TiedWithBest)
            .OrderBy(e => complexity(e.Trial.Parameters))
            .ThenBy(e => e.Rank)
            .FirstOrDefault()
            ?.Trial;

    public static IReadOnlyList<TrialResult> BestPerTrainer(
        IEnumerable<TrialResult> trials,
        string stage = "clinical"
    ) =>
        trials
            .Where(t => t.Stage == stage && t.Status == TrialStatus.Completed)
            .GroupBy(t => t.Trainer)
            .Select(g => g.OrderBy(t => t.Loss).ThenBy(t => t.Id).First())
            .OrderBy(t => t.Loss)
            .ToArray();
}
