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
    public static IRenderable Build(EvaluationResult evaluation, string title, string caption) =>
        new FittedTable(Table(evaluation, stacked: false), Table(evaluation, stacked: true), title, caption);

    /// <summary>
    /// One row per model. Stacked puts each interval under its estimate, for terminals too narrow for the one-line
    /// cells; no numeric cell wraps (the model name may).
    /// </summary>
    private static Table Table(EvaluationResult evaluation, bool stacked)
    {
        var table = new Table().AddColumn("Model");
        foreach (string header in stacked ? StackedHeaders : NumericHeaders)
        {
            table.AddColumn(new TableColumn(header).NoWrap());
        }
        string separator = stacked ? "\n" : " ";
        var tests = evaluation.Tests.ToDictionary(t => t.ModelB);
        foreach (var (name, m) in ModelEvaluator.InDisplayOrder(evaluation.Models))
        {
            tests.TryGetValue(name, out var test);
            table.AddRow(
                Markup.Escape(name),
                Markup.Escape($"{F(m.Auc.Auc)}{separator}({F(m.Auc.Low)}–{F(m.Auc.High)})"),
                P(m.Sensitivity, separator),
                P(m.Specificity, separator),
                P(m.Accuracy, separator),
                m.Calibration is { } c ? F(c.Brier) : "—",
                test is null ? "" : PValue(test.DeLong.P),
                test is null ? "" : PValue(test.McNemarP)
            );
        }
        return table;
    }

    private static readonly string[] NumericHeaders =
    [
        "AUC (95% CI)",
        "Sensitivity %",
        "Specificity %",
        "Accuracy %",
        "Brier",
        "P DeLong",
        "P McNemar",
    ];

    /// <summary>The same, over two lines: in the stacked table the one-line headers would be its widest cells.</summary>
    private static readonly string[] StackedHeaders =
    [
        "AUC\n(95% CI)",
        "Sensitivity\n%",
        "Specificity\n%",
        "Accuracy\n%",
        "Brier",
        "P\nDeLong",
        "P\nMcNemar",
    ];

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

    private static string P(Proportion p, string separator) =>
        double.IsFinite(p.Value)
            ? Markup.Escape($"{100 * p.Value:0}{separator}({100 * p.Low:0}–{100 * p.High:0})")
            : "n/a";

    private static string PValue(double p) =>
        !double.IsFinite(p) ? "n/a"
        : p < 0.001 ? "<0.001"
        : p.ToString("0.000", CultureInfo.InvariantCulture);
}
