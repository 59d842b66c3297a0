namespace OsteoMl.AutoML;

/// <summary>
/// Two runs' searches side by side for one stage: the best trial per trainer in each, the overall best, and — when
/// the runs share their folds — a paired t-test of the two best trials over those folds.
/// </summary>
public sealed record RunComparison(
    string Stage,
    RecordedRun A,
    RecordedRun B,
    IReadOnlyList<TrainerComparison> Trainers,
    TrialResult? BestA,
    TrialResult? BestB,
    double? PairedP
)
{
    public static RunComparison Of(RecordedRun a, RecordedRun b, string stage)
    {
        var bestA = Leaderboard.BestPerTrainer(a.Trials, stage).ToDictionary(t => t.Trainer);
        var bestB = Leaderboard.BestPerTrainer(b.Trials, stage).ToDictionary(t => t.Trainer);
        TrainerComparison[] trainers =
        [
            .. bestA
                .Keys.Union(bestB.Keys)
                .Order(StringComparer.Ordinal)
                .Select(t => new TrainerComparison(t, bestA.GetValueOrDefault(t), bestB.GetValueOrDefault(t))),
        ];
        var overallA = Leaderboard.Build(a.Trials, stage).FirstOrDefault()?.Trial;
        var overallB = Leaderboard.Build(b.Trials, stage).FirstOrDefault()?.Trial;
        double? p =
            overallA is not null && overallB is not null && a.SharesFoldsWith(b)
                ? FoldStatistics.PairedTTestP(overallA.FoldScores, overallB.FoldScores)
                : null;
        return new RunComparison(stage, a, b, trainers, overallA, overallB, p);
    }

    /// <summary>
    /// Whether the two best trials are tied (paired over the same folds, p ≥ the leaderboard's tie level).
    /// </summary>
    public bool Tied => PairedP >= Leaderboard.TieLevel;
}
