using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;
using OsteoMl.Pipeline;

namespace OsteoMl.Cli.Commands;

/// <summary>The end-of-training table: each model on the held-out test split.</summary>
internal static class ResultTable
{
    public static IRenderable Build(TrainingResult result)
    {
        var table = new Table()
            .Title($"Held-out test set: {result.Split.Test.Patients} patients, {result.Split.Test.Positives} positive rows")
            .Caption("Thresholds chosen on the validation split (Youden). AUC is threshold-free.")
            .AddColumns("Model", "AUC", "Accuracy", "Sensitivity", "Specificity", "Threshold", "Validation AUC");
        foreach (string name in new[] { "fused", "image", "clinical" }.Where(result.TestMetrics.ContainsKey))
        {
            var m = result.TestMetrics[name];
            table.AddRow(name, F(m.Auc), P(m.Accuracy), P(m.Sensitivity), P(m.Specificity), F(m.Threshold), F(result.ValidationAuc[name]));
        }
        return table;
    }

    private static string F(double value) => double.IsFinite(value) ? value.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    private static string P(double value) => double.IsFinite(value) ? (100 * value).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "n/a";
}
