using OsteoMl.Evaluation;
using OsteoMl.Workflows;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

/// <summary>
/// <c>osteoml recalibrate</c>: logistic recalibration of a zip's decided probability on a local labelled sample, a
/// new threshold, before/after cross-validated by patient, saved as a new zip.
/// </summary>
public sealed class RecalibrateCommand(IAnsiConsole console) : Command<RecalibrateSettings>
{
    public override int Execute(
        CommandContext context,
        RecalibrateSettings settings,
        CancellationToken cancellationToken
    )
    {
        var request = new RecalibrationRequest
        {
            ModelPath = settings.Model,
            DataPath = settings.Data!,
            OutputModelPath = settings.Out!,
            Cohort = settings.ToCohortOptions(requireLabel: true),
            OperatingPoint = OperatingPoint.TryParse(settings.OperatingPoint, out var point)
                ? point
                : OperatingPoint.Youden,
            Seed = settings.Seed,
            Strict = settings.Strict,
            Device = DeviceOption.Resolve(settings.Device, console),
        };
        var result = console.Status().Start("Scoring and recalibrating…", _ => LocalRecalibration.Run(request));
        foreach (string warning in result.Warnings)
        {
            console.MarkupLineInterpolated($"[yellow]warning:[/] {warning}");
        }
        var table = new Table()
            .Title($"{result.Model} probability on {result.Rows} local rows ({result.Patients} patients)")
            .AddColumns(
                "",
                "Calibration intercept",
                "Slope",
                "Brier",
                "AUC",
                "Threshold",
                "Sensitivity %",
                "Specificity %"
            );
        AddRow(table, "before (as saved)", result.Before);
        AddRow(table, "after (cross-validated)", result.After);
        table.Caption(
            "After: each patient scored by a recalibration fitted on the other folds' patients; the threshold is "
                + "chosen on those cross-validated probabilities. Wilson 95% CIs."
        );
        console.Write(table);
        var r = result.Recalibration;
        console.MarkupLineInterpolated(
            $"Saved [green]{Path.GetFullPath(settings.Out!)}[/]: p' = σ({r.Intercept:0.###} + {r.Slope:0.###} · logit p), decision p' >= {result.Threshold:0.####}."
        );
        return 0;
    }

    private static void AddRow(Table table, string name, BinaryMetrics m) =>
        table.AddRow(
            name,
            $"{m.Calibration?.Intercept:0.00}",
            $"{m.Calibration?.Slope:0.00}",
            $"{m.Calibration?.Brier:0.000}",
            $"{m.Auc.Auc:0.000}",
            $"{m.Threshold:0.###}",
            Percent(m.Sensitivity),
            Percent(m.Specificity)
        );

    private static string Percent(Proportion p) => $"{100 * p.Value:0} ({100 * p.Low:0}–{100 * p.High:0})";
}
