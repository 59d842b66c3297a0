using System.Globalization;
using OsteoMl.Evaluation;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace OsteoMl.Cli.Commands;

/// <summary>
/// The comparison table of <c>train</c> and <c>evaluate</c>: every model with 95 % intervals, and paired tests
/// against the fused model. PPV, NPV, thresholds and calibration details are in metrics.json and the report.
/// </summary>
internal static class ResultTable
{
    public static IRenderable Build(EvaluationResult evaluation, string title, string caption)
    {
        var table = new Table()
            .Title(Markup.Escape(title))
            .Caption(Markup.Escape(caption))
            .AddColumns(
                "Model",
                "AUC (95% CI)",
                "Sensitivity %",
                "Specificity %",
                "Accuracy %",
                "Brier",
                "P DeLong",
                "P McNemar"
            );
        var tests = evaluation.Tests.ToDictionary(t => t.ModelB);
        foreach (var (name, m) in ModelEvaluator.InDisplayOrder(evaluation.Models))
        {
            tests.TryGetValue(name, out var test);
            table.AddRow(
                name,
                Markup.Escape($"{F(m.Auc.Auc)} ({F(m.Auc.Low)}–{F(m.Auc.High)})"),
                P(m.Sensitivity),
                P(m.Specificity),
                P(m.Accuracy),
                m.Calibration is { } c ? F(c.Brier) : "—",
                test is null ? "" : PValue(test.DeLong.P),
                test is null ? "" : PValue(test.McNemarP)
            );
        }
        return table;
    }

    /// <summary>The Bayes ceiling line for generated cohorts ("" for real data).</summary>
    public static string CeilingLine(EvaluationResult evaluation) =>
        evaluation.Ceiling is not { } c
            ? ""
            : $"Attainable AUC on these rows (the simulator's exact posterior): film {F(c.Film)}, clinical "
                + $"{F(c.Clinical)}, both {F(c.Both)}.";

    public static string SkippedLine(EvaluationResult evaluation) =>
        evaluation.Skipped.Count == 0
            ? ""
            : "Not computed: " + string.Join("; ", evaluation.Skipped.Select(kv => $"{kv.Key} ({kv.Value})"));

    private static string F(double value) =>
        double.IsFinite(value) ? value.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    private static string P(Proportion p) =>
        double.IsFinite(p.Value) ? Markup.Escape($"{100 * p.Value:0} ({100 * p.Low:0}–{100 * p.High:0})") : "n/a";

    private static string PValue(double p) =>
        !double.IsFinite(p) ? "n/a"
        : p < 0.001 ? "<0.001"
        : p.ToString("0.000", CultureInfo.InvariantCulture);
}
