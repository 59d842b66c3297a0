namespace OsteoMl.AutoML;

/// <summary>
/// Two runs' searches side by side for one stage: the best trial per trainer in each, the overall best, and — when
/// the runs share their folds — the corrected resampled t-test of the two best trials over those folds and whether
/// they are tied (neither beats the other by more than one corrected standard error, the leaderboard's rule).
/// </summary>
public sealed record RunComparison(
    string Stage,
    RecordedRun A,
    RecordedRun B,
    IReadOnlyList<TrainerComparison> Trainers,
    TrialResult? BestA,
    TrialResult? BestB,
    double? PairedP,
    bool Tied
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
        var overallA = Leaderboard.Best(a.Trials, stage);
        var overallB = Leaderboard.Best(b.Trials, stage);
        if (overallA is null || overallB is null || !a.SharesFoldsWith(b))
        {
            return new RunComparison(stage, a, b, trainers, overallA, overallB, null, false);
        }
        double ratio = Data.PatientFolds.TestToTrainRatioOf(a.Manifest.Folds);
        double p = FoldStatistics.CorrectedPairedTTestP(overallA.FoldScores, overallB.FoldScores, ratio);
        bool tied =
            !FoldStatistics.BeatsByOneStandardError(overallA.FoldScores, overallB.FoldScores, ratio, a.Manifest.Metric)
            && !FoldStatistics.BeatsByOneStandardError(
                overallB.FoldScores,
                overallA.FoldScores,
                ratio,
                a.Manifest.Metric
            );
        return new RunComparison(stage, a, b, trainers, overallA, overallB, p, tied);
    }
}
