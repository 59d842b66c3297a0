using System.Globalization;
using System.Text;
using System.Text.Json;
using OsteoMl.AutoML;
using OsteoMl.Common;

namespace OsteoMl.Workflows;

/// <summary>
/// What the holdout benchmark shows: per table, the mean holdout AUC over splits of OsteoMl and each baseline; over
/// all table × split pairs, the mean difference from each baseline with a paired t-test, and the wins.
/// </summary>
public sealed record HoldoutSummary(
    IReadOnlyList<HoldoutScore> Scores,
    IReadOnlyList<HoldoutSummary.TableMeans> Tables,
    HoldoutSummary.Paired VersusLogistic,
    HoldoutSummary.Paired VersusLightGbm
)
{
    public sealed record TableMeans(string Table, double OsteoMl, double Logistic, double LightGbm, double Expected);

    /// <summary>Mean of OsteoMl − baseline over pairs, its paired t-test p, and how many pairs OsteoMl won.</summary>
    public sealed record Paired(double MeanDifference, double P, int Wins, int Pairs);

    public static HoldoutSummary Of(IReadOnlyList<HoldoutScore> scores)
    {
        TableMeans[] tables =
        [
            .. scores
                .GroupBy(s => s.Table)
                .Select(g => new TableMeans(
                    g.Key,
                    g.Average(s => s.OsteoMl),
                    g.Average(s => s.Logistic),
                    g.Average(s => s.LightGbm),
                    g.Average(s => s.ExpectedAuc)
                )),
        ];
        return new HoldoutSummary(scores, tables, Compare(scores, s => s.Logistic), Compare(scores, s => s.LightGbm));
    }

    private static Paired Compare(IReadOnlyList<HoldoutScore> scores, Func<HoldoutScore, double> baseline)
    {
        double[] ours = [.. scores.Select(s => s.OsteoMl)];
        double[] theirs = [.. scores.Select(baseline)];
        double p = scores.Count > 1 ? FoldStatistics.PairedTTestP(ours, theirs) : double.NaN;
        return new Paired(
            ours.Zip(theirs, (a, b) => a - b).Average(),
            p,
            ours.Zip(theirs).Count(x => x.First > x.Second),
            scores.Count
        );
    }

    public double MeanOsteoMl => Scores.Average(s => s.OsteoMl);
    public double MeanLogistic => Scores.Average(s => s.Logistic);
    public double MeanLightGbm => Scores.Average(s => s.LightGbm);

    /// <summary>The results as JSON (every split) and as a Markdown table beside it (same name, .md).</summary>
    public void Write(string jsonPath, string description)
    {
        var options = new JsonSerializerOptions(TrialLog.JsonOptions) { WriteIndented = true };
        string json = JsonSerializer.Serialize(new { description, summary = this }, options);
        AtomicFile.Write(jsonPath, temporary => File.WriteAllText(temporary, json));
        string markdown = Markdown(description);
        AtomicFile.Write(Path.ChangeExtension(jsonPath, ".md"), temporary => File.WriteAllText(temporary, markdown));
    }

    public string Markdown(string description)
    {
        static string F(double v) => double.IsFinite(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "—";
        var text = new StringBuilder($"{description}\n\n");
        text.AppendLine(
            "| table | split | train rows | holdout rows | OsteoMl | logistic | LightGbm | OsteoMl OOF estimate | trials | clinical model |"
        );
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in Scores)
        {
            text.AppendLine(
                $"| {s.Table} | {s.Split} | {s.TrainRows} | {s.HoldoutRows} | {F(s.OsteoMl)} | {F(s.Logistic)} | "
                    + $"{F(s.LightGbm)} | {F(s.ExpectedAuc)} | {s.Trials} | {s.ClinicalModel.Replace("|", "/")} |"
            );
        }
        text.AppendLine("\n| table | OsteoMl | logistic | LightGbm | OsteoMl − logistic | OOF estimate |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var t in Tables)
        {
            text.AppendLine(
                $"| {t.Table} | {F(t.OsteoMl)} | {F(t.Logistic)} | {F(t.LightGbm)} | {F(t.OsteoMl - t.Logistic)} | {F(t.Expected)} |"
            );
        }
        text.AppendLine(
            $"\nMean holdout AUC over {Scores.Count} table × split pairs: OsteoMl {F(MeanOsteoMl)}, "
                + $"logistic {F(MeanLogistic)}, LightGbm {F(MeanLightGbm)}."
        );
        foreach (var (name, paired) in new[] { ("logistic", VersusLogistic), ("LightGbm", VersusLightGbm) })
        {
            text.AppendLine(
                $"OsteoMl − {name}: {F(paired.MeanDifference)} (paired t-test p = {F(paired.P)}), "
                    + $"OsteoMl higher on {paired.Wins} of {paired.Pairs}."
            );
        }
        return text.ToString();
    }
}
