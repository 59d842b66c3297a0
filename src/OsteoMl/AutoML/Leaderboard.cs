namespace OsteoMl.AutoML;

/// <summary>
/// Ranks a run's completed trials of one stage by their cross-validated metric. A trial is tied with the best when
/// the best does not beat it by more than one standard error of the mean fold difference, corrected for the folds'
/// shared training rows (the one-standard-error rule, <see cref="FoldStatistics.BeatsByOneStandardError"/>): such
/// differences are noise, and a simpler or cheaper tied trainer is a fair choice.
/// </summary>
public static class Leaderboard
{
    /// <param name="testToTrainRatio">Held-out over training rows of one fold (<see cref="Data.PatientFolds"/>).</param>
    public static IReadOnlyList<LeaderboardEntry> Build(
        IEnumerable<TrialResult> trials,
        string stage,
        double testToTrainRatio
    )
    {
        var completed = Ranked(trials, stage);
        if (completed.Count == 0)
        {
            return [];
        }
        TrialResult best = completed[0];
        return completed
            .Select(
                (t, i) =>
                    new LeaderboardEntry(
                        i + 1,
                        t,
                        i == 0
                            || !FoldStatistics.BeatsByOneStandardError(
                                best.FoldScores,
                                t.FoldScores,
                                testToTrainRatio,
                                t.Metric
                            )
                    )
            )
            .ToArray();
    }

    /// <summary>The best completed trial of a stage, or null.</summary>
    public static TrialResult? Best(IEnumerable<TrialResult> trials, string stage) =>
        Ranked(trials, stage).FirstOrDefault();

    private static List<TrialResult> Ranked(IEnumerable<TrialResult> trials, string stage) =>
        trials
            .Where(t => t.Stage == stage && t.Status == TrialStatus.Completed)
            .OrderBy(t => t.Loss)
            .ThenBy(t => t.Id)
            .ToList();

    /// <summary>
    /// The selection rule for a handful of candidates of different complexity (image variants, fusion rules): of the
    /// trials tied with the best (see <see cref="Build"/>), the one of least <paramref name="complexity"/>, then the
    /// better ranked. A difference within noise never buys complexity.
    /// </summary>
    public static TrialResult? SimplestTied(
        IEnumerable<TrialResult> trials,
        string stage,
        double testToTrainRatio,
        Func<TrialParameters, int> complexity
    ) =>
        Build(trials, stage, testToTrainRatio)
            .Where(e => e.TiedWithBest)
            .OrderBy(e => complexity(e.Trial.Parameters))
            .ThenBy(e => e.Rank)
            .FirstOrDefault()
            ?.Trial;

    /// <summary>The best completed trial per trainer, best first.</summary>
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
