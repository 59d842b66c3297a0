using System.Text.Json.Nodes;
using OsteoMl.Cli;
using OsteoMl.Tests.AutoML;
using Spectre.Console.Testing;

namespace OsteoMl.Tests.Cli;

/// <summary>What predict and evaluate say about a cohort that is not what the model was trained on.</summary>
public sealed class ScoringInputCliTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _csv;
    private readonly string _zip;

    public ScoringInputCliTests()
    {
        _csv = TabularData.Write(_folder.File("table.csv"));
        _zip = _folder.File("model.zip");
        var (code, output) = Run(
            "train",
            "--data",
            _csv,
            "--label",
            "outcome",
            "--no-images",
            "--max-trials",
            "3",
            "--out",
            _zip,
            "--runs",
            _folder.File("runs")
        );
        Assert.True(code == 0, output);
    }

    public void Dispose() => _folder.Dispose();

    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 400;
        int code = CliApp.Run(args, console);
        return (code, console.Output.ReplaceLineEndings(" "));
    }

    /// <summary>The training table with group "c" written as "C" (another site's spelling).</summary>
    private string Respelled()
    {
        string path = _folder.File("respelled.csv");
        File.WriteAllLines(path, File.ReadAllLines(_csv).Select(l => l.Replace(",c,", ",C,")));
        return path;
    }

    [Fact]
    public void Given_category_values_training_never_saw_When_predicting_Then_a_warning_counts_them()
    {
        string csv = Respelled();
        int count = File.ReadAllLines(csv).Count(l => l.Contains(",C,"));

        var (code, output) = Run(
            "predict",
            "--model",
            _zip,
            "--data",
            csv,
            "--label",
            "outcome",
            "--out",
            _folder.File("p.csv")
        );

        Assert.Equal(0, code);
        Assert.Contains($"column 'group': {count} rows with values training never saw ('C' ×{count};", output);
        Assert.Contains("training saw 'a', 'b', 'c'", output);
    }

    [Fact]
    public void Given_unseen_category_values_and_strict_When_predicting_Then_exit_2_and_nothing_is_written()
    {
        string output = _folder.File("p.csv");

        var (code, text) = Run("predict", "--model", _zip, "--data", Respelled(), "--strict", "--out", output);

        Assert.Equal(2, code);
        Assert.Contains("column 'group'", text);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Given_the_training_csv_itself_When_evaluating_Then_it_is_flagged_as_not_external()
    {
        string report = _folder.File("eval");

        var (code, output) = Run("evaluate", "--model", _zip, "--data", _csv, "--label", "outcome", "--report", report);

        Assert.Equal(0, code);
        Assert.Contains("WARNING: this is the model's own training CSV", output);
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(report, "metrics.json")))!;
        Assert.True(metrics["is_training_cohort"]!.GetValue<bool>());
        Assert.Equal(metrics["data_hash"]!.GetValue<string>(), metrics["model_training_data_hash"]!.GetValue<string>());
    }

    [Fact]
    public void Given_another_csv_When_evaluating_Then_metrics_json_holds_its_own_hash_and_the_training_one()
    {
        string report = _folder.File("eval");

        var (code, output) = Run(
            "evaluate",
            "--model",
            _zip,
            "--data",
            Respelled(),
            "--label",
            "outcome",
            "--report",
            report
        );

        Assert.Equal(0, code);
        Assert.DoesNotContain("training CSV", output);
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(report, "metrics.json")))!;
        Assert.False(metrics["is_training_cohort"]!.GetValue<bool>());
        Assert.StartsWith("sha256:", metrics["data_hash"]!.GetValue<string>());
        Assert.NotEqual(
            metrics["data_hash"]!.GetValue<string>(),
            metrics["model_training_data_hash"]!.GetValue<string>()
        );
        Assert.Single(metrics["warnings"]!.AsArray());
    }

    [Fact]
    public void Given_a_local_sample_When_recalibrating_Then_the_new_zip_applies_the_fitted_map_and_threshold()
    {
        string local = TabularData.Write(_folder.File("local.csv"), rows: 150, seed: 77);
        string recalibrated = _folder.File("recalibrated.zip");
        byte[] original = File.ReadAllBytes(_zip);

        var (code, output) = Run(
            "recalibrate",
            "--model",
            _zip,
            "--data",
            local,
            "--label",
            "outcome",
            "--out",
            recalibrated
        );

        Assert.True(code == 0, output);
        Assert.Equal(original, File.ReadAllBytes(_zip));
        var card = OsteoMl.Model.ModelCard.Read(recalibrated);
        Assert.StartsWith("logistic recalibration of the clinical probability", card.Recalibration);
        var cohort = OsteoMl.Data.CohortReader.Read(
            local,
            new OsteoMl.Data.CohortOptions
            {
                LabelColumn = "outcome",
                IdColumnOptional = true,
                RequireImages = false,
            }
        );
        using var before = OsteoMl.Model.OsteoMlModel.Load(_zip);
        using var after = OsteoMl.Model.OsteoMlModel.Load(recalibrated);
        var p0 = before.Score(cohort);
        var p1 = after.Score(cohort);
        // The same maximum-likelihood fit, redone here on the original zip's probabilities and the local labels.
        var fit = OsteoMl.Evaluation.LogisticRecalibration.Fit(
            [.. p0.Select(p => (double)p.ClinicalProbability)],
            [.. cohort.Labels!]
        );
        double threshold = card.Thresholds["clinical"];
        for (int i = 0; i < p0.Count; i++)
        {
            double expected = fit.Apply(p0[i].ClinicalProbability);
            Assert.True(
                Math.Abs(expected - p1[i].ClinicalProbability) < 1e-5,
                $"row {i}: {expected} vs {p1[i].ClinicalProbability}"
            );
            Assert.Equal(p1[i].ClinicalProbability >= threshold, p1[i].Predicted);
        }
    }

    [Fact]
    public void Given_a_cohort_with_far_more_cases_than_predicted_When_evaluating_Then_a_site_shift_is_reported()
    {
        string shifted = _folder.File("shifted.csv");
        int row = 0;
        File.WriteAllLines(
            shifted,
            File.ReadAllLines(_csv)
                .Select(l => l.EndsWith(",no", StringComparison.Ordinal) && row++ % 2 == 0 ? l[..^3] + ",yes" : l)
        );

        var (code, output) = Run(
            "evaluate",
            "--model",
            _zip,
            "--data",
            shifted,
            "--label",
            "outcome",
            "--report",
            _folder.File("eval")
        );

        Assert.Equal(0, code);
        Assert.Contains("site shift: the clinical probability expects", output);
        Assert.Contains("osteoml recalibrate", output);
    }
}
