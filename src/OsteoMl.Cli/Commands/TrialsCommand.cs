using System.Globalization;
using OsteoMl.AutoML;
using OsteoMl.Data;
using OsteoMl.Reporting;
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
            var a = RecordedRun.Read(settings.RunDirectories[0]);
            var b = RecordedRun.Read(settings.RunDirectories[1]);
            // Both runs are checked, so that each one lacking the stage is named.
            bool aSearched = HasTrials(a, settings.Stage);
            bool bSearched = HasTrials(b, settings.Stage);
            if (aSearched && bSearched)
            {
                WriteComparison(RunComparison.Of(a, b, settings.Stage));
            }
            return 0;
        }
        string folder =
            settings.RunDirectories.Length == 1 ? settings.RunDirectories[0] : RecordedRun.Latest(settings.Runs);
        var run = RecordedRun.Read(folder);
        if (!HasTrials(run, settings.Stage))
        {
            return 0;
        }
        WriteLeaderboard(run, settings.Stage, settings.Top);
        if (settings.Stage == "clinical" && MetricsJson.ClinicalEnsembleLines(folder) is { Count: > 0 } ensemble)
        {
            console.WriteLine("Saved clinical branch (ensemble selection on out-of-fold predictions):");
            foreach (string line in ensemble)
            {
                console.WriteLine($"  {line}");
            }
        }
        return 0;
    }

    /// <summary>
    /// Whether the run searched this stage; if not, says so and names the searches it did, rather than an empty
    /// table (a tabular run has no image searches; the image-backbone search runs only beside a trained network).
    /// </summary>
    private bool HasTrials(RecordedRun run, string stage)
    {
        if (run.Stage(stage).Count > 0)
        {
            return true;
        }
        var searched = TrialsSettings
            .Stages.Select(s => (Stage: s, Count: run.Stage(s).Count))
            .Where(s => s.Count > 0)
            .Select(s => $"{s.Stage} ({s.Count} trials)");
        string others = string.Join(", ", searched) is { Length: > 0 } list ? list : "none";
        console.WriteLine(
            $"Run {run.Name} has no {stage} trials: it did not run that search. Its searches: {others}; "
                + "list one with --stage."
        );
        return false;
    }

    private void WriteLeaderboard(RecordedRun run, string stage, int top)
    {
        var manifest = run.Manifest;
        var board = Leaderboard.Build(run.Trials, stage, PatientFolds.TestToTrainRatioOf(manifest.Folds));
        string metric = ObjectiveScores.Label(manifest.Metric);
        string title =
            $"AutoML trials, {stage} stage — {run.Name} "
            + $"({manifest.Tuner}, {manifest.Folds}-fold CV {metric}, seed {manifest.Seed})";
        string caption =
            "≈ : tied with the best (the best is not ahead by more than one standard error of the mean fold "
            + "difference, corrected for the folds' shared rows). CIs are t-intervals over folds.";
        // Only the text columns wrap: a narrow terminal breaks hyperparameters between words, never a score.
        var table = new Table().AddColumns(
            Numeric("Rank"),
            Numeric("Trial"),
            new TableColumn("Trainer"),
            new TableColumn("Hyperparameters"),
            Numeric($"CV {metric} [[95% CI]]"),
            Numeric("Time (s)"),
            Numeric("")
        );
        foreach (var entry in board.Take(top))
        {
            var t = entry.Trial;
            table.AddRow(
                entry.Rank.ToString(CultureInfo.InvariantCulture),
                t.Id.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(t.Trainer),
                Markup.Escape(Hyperparameters(t)),
                Markup.Escape(Interval(t)),
                t.DurationSeconds.ToString("0.0", CultureInfo.InvariantCulture),
                entry.TiedWithBest ? (entry.Rank == 1 ? "best" : "≈") : ""
            );
        }
        console.Write(new FittedTable(table, null, title, caption));
        var trials = run.Stage(stage);
        int failed = trials.Count(t => t.Status == TrialStatus.Failed);
        int stopped = trials.Count(t => t.Status == TrialStatus.Stopped);
        console.WriteLine(
            $"{trials.Count} trials ({board.Count} completed, {failed} failed, {stopped} stopped), "
                + $"{trials.Sum(t => t.DurationSeconds):0} s of search; {board.Count(e => e.TiedWithBest)} tied "
                + $"with the best."
        );
    }

    private void WriteComparison(RunComparison comparison)
    {
        var (a, b) = (comparison.A, comparison.B);
        string metric = ObjectiveScores.Label(a.Manifest.Metric);
        string title =
            $"{comparison.Stage} stage: A = {a.Name} ({a.Manifest.Tuner}), B = {b.Name} ({b.Manifest.Tuner})";
        var table = new Table().AddColumns(
            new TableColumn("Trainer"),
            Numeric($"A best CV {metric}"),
            Numeric($"B best CV {metric}"),
            Numeric("B − A")
        );
        foreach (var row in comparison.Trainers)
        {
            table.AddRow(Markup.Escape(row.Trainer), Cell(row.BestA), Cell(row.BestB), F(row.Difference, signed: true));
        }
        var (bestA, bestB) = (comparison.BestA, comparison.BestB);
        table.AddRow(
            "[bold]best[/]",
            Cell(bestA, withTrainer: true),
            Cell(bestB, withTrainer: true),
            F((bestB?.Mean ?? double.NaN) - (bestA?.Mean ?? double.NaN), signed: true)
        );
        console.Write(new FittedTable(table, null, title));
        foreach (var run in new[] { a, b })
        {
            var trials = run.Stage(comparison.Stage);
            console.WriteLine(
                $"{run.Name}: {trials.Count} trials, "
                    + $"{trials.Count(t => t.Status == TrialStatus.Completed)} completed, "
                    + $"{trials.Sum(t => t.DurationSeconds):0} s of search."
            );
        }
        if (comparison.PairedP is { } p)
        {
            console.MarkupParts(
                $"Same data, seed and folds: corrected resampled t-test of the two best trials over folds p = ",
                $"{p:0.000}{(comparison.Tied ? " (tied: within one corrected standard error)" : "")}."
            );
        }
        else
        {
            console.MarkupLine(
                "The runs differ in data, seed, folds or metric: their scores are not paired; compare with care."
            );
        }
    }

    private static TableColumn Numeric(string header) => new TableColumn(header).NoWrap();

    private static string Cell(TrialResult? trial, bool withTrainer = false) =>
        trial is null ? "—" : Markup.Escape(withTrainer ? $"{Interval(trial)} {trial.Trainer}" : Interval(trial));

    private static string Hyperparameters(TrialResult t) =>
        string.Join(
            " ",
            t.Hyperparameters.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => $"{kv.Key}={TrialParameters.Format(kv.Value)}")
        );

    private static string Interval(TrialResult t) =>
        double.IsFinite(t.CiLow) ? $"{F(t.Mean)} [{F(t.CiLow)}, {F(t.CiHigh)}]" : F(t.Mean);

    private static string F(double value, bool signed = false) =>
        !double.IsFinite(value)
            ? "—"
            : value.ToString(signed ? "+0.000;−0.000;0.000" : "0.000", CultureInfo.InvariantCulture);
}
