using System.Globalization;
using OsteoMl.AutoML;
using OsteoMl.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

/// <summary><c>osteoml trials</c>: the leaderboard of a run's AutoML trials, or two runs side by side.</summary>
public sealed class TrialsCommand(IAnsiConsole console) : Command<TrialsSettings>
{
    public override int Execute(CommandContext context, TrialsSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Compare)
        {
            CompareRuns(settings.RunDirectories[0], settings.RunDirectories[1], settings.Stage);
            return 0;
        }
        string run = settings.RunDirectories.Length == 1 ? settings.RunDirectories[0] : Latest(settings.Runs);
        var trials = ReadTrials(run);
        var manifest = RunManifest.Read(run);
        var board = Leaderboard.Build(trials, settings.Stage);
        string metric = ObjectiveScores.Label(manifest.Metric);

        var table = new Table()
            .Title(Markup.Escape($"AutoML trials, {settings.Stage} stage — {Path.GetFileName(Path.GetFullPath(run))} ({manifest.Tuner}, {manifest.Folds}-fold CV {metric}, seed {manifest.Seed})"))
            .Caption(Markup.Escape($"≈ : tied with the best (paired t-test over the same folds, p ≥ {Leaderboard.TieLevel}). CIs are t-intervals over folds."))
            .AddColumns("Rank", "Trial", "Trainer", "Hyperparameters", $"CV {metric} [[95% CI]]", "Time (s)", "");
        foreach (var entry in board.Take(settings.Top))
        {
            var t = entry.Trial;
            table.AddRow(
                entry.Rank.ToString(CultureInfo.InvariantCulture),
                t.Id.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(t.Trainer),
                Markup.Escape(string.Join(" ", t.Hyperparameters.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={TrialParameters.Format(kv.Value)}"))),
                Markup.Escape(Interval(t)),
                t.DurationSeconds.ToString("0.0", CultureInfo.InvariantCulture),
                entry.TiedWithBest ? (entry.Rank == 1 ? "best" : "≈") : "");
        }
        console.Write(table);
        var stageTrials = trials.Where(t => t.Stage == settings.Stage).ToList();
        int failed = stageTrials.Count(t => t.Status == TrialStatus.Failed), stopped = stageTrials.Count(t => t.Status == TrialStatus.Stopped);
        console.MarkupLineInterpolated($"{stageTrials.Count} trials ({board.Count} completed, {failed} failed, {stopped} stopped), {stageTrials.Sum(t => t.DurationSeconds):0} s of search; {board.Count(e => e.TiedWithBest)} tied with the best.");
        return 0;
    }

    private void CompareRuns(string runA, string runB, string stage)
    {
        var (a, b) = (ReadTrials(runA), ReadTrials(runB));
        var (ma, mb) = (RunManifest.Read(runA), RunManifest.Read(runB));
        string metric = ObjectiveScores.Label(ma.Metric);
        string nameA = Path.GetFileName(Path.GetFullPath(runA)), nameB = Path.GetFileName(Path.GetFullPath(runB));
        var bestA = Leaderboard.BestPerTrainer(a, stage).ToDictionary(t => t.Trainer);
        var bestB = Leaderboard.BestPerTrainer(b, stage).ToDictionary(t => t.Trainer);

        var table = new Table()
            .Title(Markup.Escape($"{stage} stage: A = {nameA} ({ma.Tuner}), B = {nameB} ({mb.Tuner})"))
            .AddColumns("Trainer", $"A best CV {metric}", $"B best CV {metric}", "B − A");
        foreach (string trainer in bestA.Keys.Union(bestB.Keys).Order(StringComparer.Ordinal))
        {
            double va = bestA.TryGetValue(trainer, out var ta) ? ta.Mean : double.NaN;
            double vb = bestB.TryGetValue(trainer, out var tb) ? tb.Mean : double.NaN;
            table.AddRow(Markup.Escape(trainer), ta is null ? "—" : Markup.Escape(Interval(ta)), tb is null ? "—" : Markup.Escape(Interval(tb)), F(vb - va, signed: true));
        }
        var overallA = Leaderboard.Build(a, stage).FirstOrDefault()?.Trial;
        var overallB = Leaderboard.Build(b, stage).FirstOrDefault()?.Trial;
        table.AddRow("[bold]best[/]", overallA is null ? "—" : Markup.Escape($"{Interval(overallA)} {overallA.Trainer}"), overallB is null ? "—" : Markup.Escape($"{Interval(overallB)} {overallB.Trainer}"),
            F((overallB?.Mean ?? double.NaN) - (overallA?.Mean ?? double.NaN), signed: true));
        console.Write(table);
        foreach (var (name, trials) in new[] { (nameA, a), (nameB, b) })
        {
            var s = trials.Where(t => t.Stage == stage).ToList();
            console.MarkupLineInterpolated($"{name}: {s.Count} trials, {s.Count(t => t.Status == TrialStatus.Completed)} completed, {s.Sum(t => t.DurationSeconds):0} s of search.");
        }
        bool sameFolds = ma.DataHash == mb.DataHash && ma.Seed == mb.Seed && ma.Folds == mb.Folds && ma.Metric == mb.Metric && ma.LabelColumn == mb.LabelColumn;
        if (overallA is not null && overallB is not null && sameFolds)
        {
            double p = FoldStatistics.PairedTTestP(overallA.FoldScores, overallB.FoldScores);
            console.MarkupLineInterpolated($"Same data, seed and folds: paired t-test of the two best trials over folds p = {p:0.000}{(p >= Leaderboard.TieLevel ? " (tied)" : "")}.");
        }
        else
        {
            console.MarkupLine("The runs differ in data, seed, folds or metric: their scores are not paired; compare with care.");
        }
    }

    private static IReadOnlyList<TrialResult> ReadTrials(string run)
    {
        string path = Path.Combine(run, TrialLog.FileName);
        if (!File.Exists(path))
        {
            throw new CohortFormatException($"no {TrialLog.FileName} here; pass a run folder that `train` created.", run);
        }
        return TrialLog.Read(path);
    }

    private static string Latest(string runs)
    {
        var latest = Directory.Exists(runs)
            ? new DirectoryInfo(runs).GetDirectories().Where(d => File.Exists(Path.Combine(d.FullName, TrialLog.FileName))).MaxBy(d => d.LastWriteTimeUtc)
            : null;
        return latest?.FullName ?? throw new CohortFormatException("no runs with trials found; train first or pass a run folder.", runs);
    }

    private static string Interval(TrialResult t) =>
        double.IsFinite(t.CiLow) ? $"{F(t.Mean)} [{F(t.CiLow)}, {F(t.CiHigh)}]" : F(t.Mean);

    private static string F(double value, bool signed = false) =>
        !double.IsFinite(value) ? "—" : value.ToString(signed ? "+0.000;−0.000;0.000" : "0.000", CultureInfo.InvariantCulture);
}
