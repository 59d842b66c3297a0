using OsteoMl.Evaluation;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace OsteoMl.Reporting;

/// <summary>
/// The report's figures, drawn with OxyPlot and exported as PNG through SkiaSharp 2.88 (the version ML.NET's
/// image loading needs; platform note: SkiaSharp pin), returned as base64 for embedding in the self-contained HTML.
/// </summary>
internal static class Plots
{
    private static readonly OxyColor[] Palette =
    [
        OxyColor.FromRgb(0xd6, 0x27, 0x28),
        OxyColor.FromRgb(0x1f, 0x77, 0xb4),
        OxyColor.FromRgb(0x2c, 0xa0, 0x2c),
        OxyColor.FromRgb(0x94, 0x67, 0xbd),
        OxyColor.FromRgb(0xff, 0x7f, 0x0e),
        OxyColor.FromRgb(0x8c, 0x56, 0x4b),
        OxyColor.FromRgb(0xe3, 0x77, 0xc2),
        OxyColor.FromRgb(0x7f, 0x7f, 0x7f),
    ];

    public static string Roc(EvaluationResult evaluation, string rowsName)
    {
        var plot = Square($"ROC curves ({rowsName})", "1 − specificity", "Sensitivity");
        int colour = 0;
        foreach (var input in evaluation.Inputs.Where(i => evaluation.Models.ContainsKey(i.Name)))
        {
            var series = new LineSeries
            {
                Title = $"{input.Name} (AUC {evaluation.Models[input.Name].Auc.Auc:0.000})",
                Color = Palette[colour++ % Palette.Length],
                StrokeThickness = input.Name == "fused" ? 3 : 1.5,
            };
            series.Points.AddRange(
                RocCurve.Points(input.Scores, evaluation.Labels).Select(p => new DataPoint(p.Fpr, p.Tpr))
            );
            plot.Series.Add(series);
        }
        plot.Series.Add(Diagonal());
        return Png(plot);
    }

    /// <summary>
    /// Observed rate against mean predicted probability in equal-width bins whose number follows the data (about 15
    /// rows per bin, 3 to 10 bins); each point's marker grows with its bin's row count, so that a bin of two films is
    /// not read like one of forty.
    /// </summary>
    public static string Reliability(EvaluationResult evaluation, string rowsName)
    {
        int bins = Math.Clamp(evaluation.Labels.Count / 15, 3, 10);
        var plot = Square(
            $"Calibration ({rowsName}, {bins} bins; larger marker = more rows)",
            "Mean predicted probability",
            "Observed rate"
        );
        int colour = 0;
        foreach (var (name, metrics) in evaluation.Models.Where(m => m.Value.Calibration is not null))
        {
            var input = evaluation.Inputs.FirstOrDefault(i => i.Name == name);
            if (input is null)
            {
                continue;
            }
            var series = new LineSeries
            {
                Title = $"{name} (Brier {metrics.Calibration!.Brier:0.000}, slope {metrics.Calibration.Slope:0.00})",
                Color = Palette[colour++ % Palette.Length],
                MarkerType = MarkerType.Circle,
            };
            var points = new ScatterSeries { MarkerType = MarkerType.Circle, MarkerFill = series.Color };
            foreach (var (predicted, observed, count) in Bins(input.Scores, evaluation.Labels, bins))
            {
                series.Points.Add(new DataPoint(predicted, observed));
                points.Points.Add(new ScatterPoint(predicted, observed, 2 + 1.2 * Math.Sqrt(count)));
            }
            plot.Series.Add(series);
            plot.Series.Add(points);
        }
        plot.Series.Add(Diagonal());
        return Png(plot);
    }

    /// <summary>Equal-width bins of the finite scores: mean prediction, observed rate and rows of each non-empty bin.</summary>
    private static IEnumerable<(double Predicted, double Observed, int Count)> Bins(
        IReadOnlyList<double> scores,
        IReadOnlyList<bool> labels,
        int bins
    ) =>
        Enumerable
            .Range(0, scores.Count)
            .Where(i => double.IsFinite(scores[i]))
            .GroupBy(i => Math.Min(bins - 1, (int)(scores[i] * bins)))
            .OrderBy(g => g.Key)
            .Select(g => (g.Average(i => scores[i]), g.Average(i => labels[i] ? 1.0 : 0.0), g.Count()));

    /// <summary>
    /// Net benefit against threshold probability for each probability model, "refer all" and "refer none"; the
    /// vertical range runs from a little below zero to a little above the prevalence (the most any model can reach).
    /// </summary>
    public static string DecisionCurve(EvaluationResult evaluation, DecisionCurve curve, string rowsName)
    {
        double prevalence = evaluation.Labels.Count(l => l) / (double)Math.Max(1, evaluation.Labels.Count);
        var plot = Square($"Decision curve ({rowsName})", "Threshold probability", "Net benefit");
        plot.Axes[1].Minimum = -0.05;
        plot.Axes[1].Maximum = Math.Max(0.05, prevalence * 1.1);
        int colour = 0;
        foreach (var (name, values) in curve.NetBenefit)
        {
            plot.Series.Add(
                Curve(name, curve.Thresholds, values, Palette[colour++ % Palette.Length], name == "fused" ? 3 : 1.5)
            );
        }
        plot.Series.Add(Curve("refer all", curve.Thresholds, curve.TreatAll, OxyColors.Gray, 1, LineStyle.Dash));
        plot.Series.Add(
            Curve(
                "refer none",
                curve.Thresholds,
                [.. curve.Thresholds.Select(_ => 0.0)],
                OxyColors.Black,
                1,
                LineStyle.Dot
            )
        );
        return Png(plot);
    }

    private static LineSeries Curve(
        string title,
        IReadOnlyList<double> x,
        IReadOnlyList<double> y,
        OxyColor colour,
        double thickness,
        LineStyle style = LineStyle.Solid
    )
    {
        var series = new LineSeries
        {
            Title = title,
            Color = colour,
            StrokeThickness = thickness,
            LineStyle = style,
        };
        series.Points.AddRange(
            x.Zip(y).Where(p => double.IsFinite(p.Second)).Select(p => new DataPoint(p.First, p.Second))
        );
        return series;
    }

    private static PlotModel Square(string title, string x, string y)
    {
        // Fonts sized for the figure's display width (half of a 1100 px page): OxyPlot's default 12 px came out ≈ 9 px.
        var plot = new PlotModel
        {
            Title = title,
            Background = OxyColors.White,
            DefaultFontSize = 17,
            TitleFontSize = 19,
        };
        plot.Axes.Add(
            new LinearAxis
            {
                Position = AxisPosition.Bottom,
                Minimum = 0,
                Maximum = 1,
                Title = x,
                MajorGridlineStyle = LineStyle.Dot,
            }
        );
        plot.Axes.Add(
            new LinearAxis
            {
                Position = AxisPosition.Left,
                Minimum = 0,
                Maximum = 1,
                Title = y,
                MajorGridlineStyle = LineStyle.Dot,
            }
        );
        plot.Legends.Add(
            new Legend
            {
                // Below the plot area, so that no curve is hidden behind it.
                LegendPlacement = LegendPlacement.Outside,
                LegendPosition = LegendPosition.BottomCenter,
                LegendOrientation = LegendOrientation.Horizontal,
                LegendBackground = OxyColor.FromAColor(220, OxyColors.White),
            }
        );
        return plot;
    }

    private static LineSeries Diagonal()
    {
        var line = new LineSeries
        {
            Color = OxyColors.Gray,
            LineStyle = LineStyle.Dash,
            StrokeThickness = 1,
        };
        line.Points.AddRange([new DataPoint(0, 0), new DataPoint(1, 1)]);
        return line;
    }

    private static string Png(PlotModel plot)
    {
        using var stream = new MemoryStream();
        new OxyPlot.SkiaSharp.PngExporter { Width = 640, Height = 680 }.Export(plot, stream);
        return Convert.ToBase64String(stream.ToArray());
    }
}
