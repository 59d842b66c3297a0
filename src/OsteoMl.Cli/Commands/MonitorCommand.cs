using System.Text.Json;
using OsteoMl.AutoML;
using OsteoMl.Common;
using OsteoMl.Data;
using OsteoMl.Model;
using OsteoMl.Monitoring;
using OsteoMl.Workflows;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

/// <summary>
/// <c>osteoml monitor</c>: new patients against the zip's training-time reference (docs/monitoring.md). Exit 0 with or
/// without alarms (a scheduler reads <c>alarms</c> in the JSON), 2 for a bad file or a zip without a reference.
/// </summary>
public sealed class MonitorCommand(IAnsiConsole console) : Command<MonitorSettings>
{
    public override int Execute(CommandContext context, MonitorSettings settings, CancellationToken cancellationToken)
    {
        OutputFolder.EnsureWritableFile(settings.Out, "--out");
        DriftReference reference = DriftMonitoring.ReferenceOf(settings.Model);
        var window = new DriftWindow(reference);
        string csv = CohortReader.ResolveCsv(settings.Data!);
        if (DriftMonitoring.HoldsScores(csv))
        {
            DriftMonitoring.AddScores(window, csv);
        }
        else
        {
            ScoreCohort(window, reference, settings);
        }
        DriftReport report = window.Report();
        AtomicFile.Write(
            settings.Out,
            temporary =>
                File.WriteAllText(
                    temporary,
                    JsonSerializer.Serialize(
                        report,
                        new JsonSerializerOptions(TrialLog.JsonOptions) { WriteIndented = true }
                    )
                )
        );
        Print(report, reference);
        console.MarkupLineInterpolated($"Report → [green]{Path.GetFullPath(settings.Out)}[/]");
        return ExitCodes.Success;
    }

    private void ScoreCohort(DriftWindow window, DriftReference reference, MonitorSettings settings)
    {
        using var model = OsteoMlModel.Load(settings.Model, DeviceOption.Resolve(settings.Device, console));
        var options = settings.ToCohortOptions(requireLabel: false) with
        {
            ExpectedColumns = model.ExpectedClinicalColumns,
            RequireImages = model.UsesImages,
        };
        Cohort cohort = CohortReader.Read(settings.Data!, options);
        foreach (string warning in CategoryCheck.Warnings(cohort, ModelCard.Read(settings.Model), settings.Strict))
        {
            console.MarkupLineInterpolated($"[yellow]warning:[/] {warning}");
        }
        console
            .Status()
            .Start($"Scoring {cohort.Count} rows…", _ => DriftMonitoring.AddCohort(window, model, cohort, reference));
    }

    private void Print(DriftReport report, DriftReference reference)
    {
        if (report.Inputs.Count > 0 && report.RowsWithInputs > 0)
        {
            console.Write(Table("Inputs", report.Inputs));
        }
        console.Write(Table("Scores", report.Scores));
        if (report.Embedding.Any(s => s.Rows > 0))
        {
            console.Write(Table("Image embedding (principal components)", report.Embedding));
        }
        if (report.FlaggedRate is { } flagged)
        {
            console.WriteLine(
                $"Flagged rate at the frozen threshold ({reference.DecidedScore} >= {reference.Threshold:0.####}): "
                    + $"{flagged.Current.Value:0.0%} [{flagged.Current.Low:0.0%}, {flagged.Current.High:0.0%}] of "
                    + $"{flagged.Current.Trials} vs {flagged.Reference.Value:0.0%} at training (p = {flagged.P:0.###})"
            );
        }
        if (report.Labelled is { } labelled)
        {
            console.WriteLine(
                $"Labelled ({labelled.Rows}, {labelled.Positives} positive): AUC {labelled.Auc.Auc:0.000} "
                    + $"[{labelled.Auc.Low:0.000}, {labelled.Auc.High:0.000}] vs {labelled.ReferenceAuc:0.000} at "
                    + $"training; calibration-in-the-large {Interval(labelled.CalibrationIntercept)}"
                    + $"{Held(labelled.ReferenceCalibrationIntercept)}, slope {Interval(labelled.CalibrationSlope)}"
                    + Held(labelled.ReferenceCalibrationSlope)
            );
        }
        foreach (string note in report.Notes)
        {
            console.MarkupLineInterpolated($"[yellow]note:[/] {note}");
        }
        console.WriteLine(
            report.Alarms.Count == 0
                ? $"No alarms ({report.Rows} patients; each test at p < {report.TestAlpha:0.#e+0})."
                : $"{report.Alarms.Count} alarm(s) ({report.Rows} patients; each test at p < {report.TestAlpha:0.#e+0}):"
        );
        foreach (var alarm in report.Alarms)
        {
            console.MarkupLineInterpolated($"[red]alarm:[/] {alarm.Message}");
        }
    }

    private static string Interval(ConfidenceInterval c) => $"{c.Value:0.00} [{c.Low:0.00}, {c.High:0.00}]";

    private static string Held(ConfidenceInterval? reference) =>
        reference is null ? "" : $" (held-out at training {Interval(reference)})";

    private static Table Table(string title, IReadOnlyList<DriftStatistic> statistics)
    {
        var table = new Table().Title(title).AddColumns("name", "patients", "PSI", "chi-square p", "KS", "shift");
        foreach (var s in statistics)
        {
            table.AddRow(
                Markup.Escape(s.Name),
                $"{s.Rows} / {s.ReferenceRows}",
                s.Psi is { } psi ? $"{psi:0.000}" : "–",
                s.P is { } p ? (p < 1e-16 ? "< 1e-16" : $"{p:0.#e+0}") : "–",
                s.Ks is { } ks ? $"{ks:0.000}" : "–",
                s.Alarm ? $"[red]{s.Shift}[/]" : s.Shift
            );
        }
        return table;
    }
}
