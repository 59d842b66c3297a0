using System.Globalization;
using System.Text.Json.Nodes;
using OsteoMl.Cli;
using OsteoMl.Data;
using OsteoMl.Tests.AutoML;
using OsteoMl.Workflows.Training;
using Spectre.Console.Testing;

namespace OsteoMl.Tests.Workflows;

/// <summary>Issue 28: a clinical column that is the label in disguise is named in a warning at train.</summary>
public sealed class LabelLeakCheckTests
{
    private const int Patients = 240;

    /// <summary>
    /// One row per patient, about 40 % positive: age (a real, weak signal), sex (noise), and the leaking columns
    /// asked for: a T-score the label is derived from (≤ −2.5), a DXA category, a follow-up only positives have.
    /// </summary>
    private static Cohort MakeCohort(params string[] leaks)
    {
        var random = new Random(28);
        bool[] labels = [.. Enumerable.Range(0, Patients).Select(_ => random.NextDouble() < 0.4)];
        var numeric = new Dictionary<string, float[]>
        {
            ["age"] = [.. labels.Select(l => (float)(65 + (l ? 4 : 0) + 10 * (random.NextDouble() - 0.5)))],
        };
        var categorical = new Dictionary<string, string[]>
        {
            ["sex"] = [.. labels.Select(_ => random.Next(2) == 0 ? "F" : "M")],
        };
        var columns = new List<ClinicalColumn>
        {
            new("age", ColumnKind.Numeric, 0),
            new("sex", ColumnKind.Categorical, 0, 2),
        };
        if (leaks.Contains("dxa_tscore_lumbar"))
        {
            numeric["dxa_tscore_lumbar"] =
            [
                .. labels.Select(l => (float)(l ? -2.6 - 1.5 * random.NextDouble() : -2.4 + 3 * random.NextDouble())),
            ];
            columns.Add(new("dxa_tscore_lumbar", ColumnKind.Numeric, 0));
        }
        if (leaks.Contains("dxa_category"))
        {
            categorical["dxa_category"] =
            [
                .. labels.Select(l =>
                    l ? "osteoporosis"
                    : random.Next(2) == 0 ? "normal"
                    : "osteopenia"
                ),
            ];
            columns.Add(new("dxa_category", ColumnKind.Categorical, 0, 3));
        }
        if (leaks.Contains("followup_dxa"))
        {
            numeric["followup_dxa"] = [.. labels.Select(l => l ? (float)random.NextDouble() : float.NaN)];
            columns.Add(new("followup_dxa", ColumnKind.Numeric, labels.Count(l => !l)));
        }
        string[] ids = [.. Enumerable.Range(0, Patients).Select(i => $"P{i:000}")];
        return new Cohort(
            "cohort.csv",
            ids,
            null,
            labels,
            columns,
            numeric,
            categorical,
            new Dictionary<string, string[]>()
        );
    }

    /// <summary>The check on the first 70 % of rows as the training split, with 5 folds over them.</summary>
    private static IReadOnlyList<LabelLeak> Check(Cohort cohort)
    {
        int[] train = [.. Enumerable.Range(0, Patients * 7 / 10)];
        var folds = PatientFolds.Create(
            [.. train.Select(i => cohort.PatientIds[i])],
            [.. train.Select(i => cohort.Labels![i])],
            folds: 5,
            seed: 1
        );
        return LabelLeakCheck.Find(cohort, train, folds);
    }

    [Fact]
    public void Given_a_cohort_without_a_leaking_column_When_checking_Then_nothing_is_reported()
    {
        Assert.Empty(Check(MakeCohort()));
    }

    [Theory]
    [InlineData("dxa_tscore_lumbar", "value")]
    [InlineData("dxa_category", "value")]
    [InlineData("followup_dxa", "missingness")]
    public void Given_a_cohort_with_a_leaking_column_When_checking_Then_only_that_column_is_named(
        string column,
        string signal
    )
    {
        var leak = Assert.Single(Check(MakeCohort(column)));

        Assert.Equal(column, leak.Column);
        Assert.Equal(signal, leak.Signal);
        Assert.InRange(leak.OutOfFoldAuc, LabelLeakCheck.Threshold, 1.0);
        Assert.Contains($"'{column}'", leak.Message);
    }

    [Fact]
    public void Given_a_table_with_the_t_score_the_label_comes_from_When_training_Then_the_console_and_metrics_json_name_it()
    {
        using var folder = new TempFolder();
        string[] lines = File.ReadAllLines(TabularData.Write(folder.File("plain.csv")));
        int outcome = Array.IndexOf(lines[0].Split(','), "outcome");
        var random = new Random(3);
        string TScore(string line) =>
            (line.Split(',')[outcome] == "yes" ? -2.6 - random.NextDouble() : -2.4 + 2 * random.NextDouble()).ToString(
                "0.00",
                CultureInfo.InvariantCulture
            );
        File.WriteAllLines(
            folder.File("table.csv"),
            [lines[0] + ",dxa_tscore_lumbar", .. lines.Skip(1).Select(l => l + "," + TScore(l))]
        );
        var console = new TestConsole();
        console.Profile.Width = 2000;

        int code = CliApp.Run(
            [
                "train",
                "--data",
                folder.File("table.csv"),
                "--label",
                "outcome",
                "--no-images",
                "--out",
                folder.File("m.zip"),
                "--runs",
                folder.File("runs"),
                "--max-trials",
                "2",
                "--tuner",
                "random",
            ],
            console
        );

        Assert.True(code == 0, console.Output);
        Assert.Contains(LabelLeakCheck.Stage, console.Output);
        Assert.Contains("warning: column 'dxa_tscore_lumbar' alone separates", console.Output);
        Assert.Contains("Warning: column 'dxa_tscore_lumbar' alone separates", console.Output);
        string run = Assert.Single(Directory.GetDirectories(folder.File("runs")));
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "metrics.json")))!;
        var leak = Assert.Single(metrics["label_leak_warnings"]!.AsArray())!;
        Assert.Equal("dxa_tscore_lumbar", (string?)leak["column"]);
        Assert.DoesNotContain("'x1'", console.Output);
    }
}
