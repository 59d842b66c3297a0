using System.Text.Json;
using OsteoMl.Cli;
using OsteoMl.Data;
using OsteoMl.Evaluation;
using OsteoMl.Model;
using OsteoMl.Reporting;
using Spectre.Console.Testing;

namespace OsteoMl.Tests.Workflows;

/// <summary>
/// The evaluation contract of a training run and of <c>evaluate</c>, on the shared SYNTHETIC fixture.
/// </summary>
public sealed class EvaluationEndToEndTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    [Fact]
    public void Given_a_trained_run_When_recomputing_the_threshold_from_the_validation_split_Then_it_equals_the_saved_one_and_not_the_test_optimum()
    {
        var card = ModelCard.Read(fixture.ModelPath);
        using var model = OsteoMlModel.Load(fixture.ModelPath);
        var cohort = CohortReader.Read(
            fixture.CsvPath,
            new CohortOptions { ExpectedColumns = model.ExpectedClinicalColumns }
        );
        var split = PatientSplitter.Split(cohort.PatientIds, cohort.Labels!, 0.6, 0.2, seed: 3);
        double Youden(IReadOnlyList<int> rows)
        {
            var part = cohort.Subset(rows);
            var scores = model.Score(part).Select(p => (double)p.FusedProbability).ToArray();
            return ThresholdSelector.Youden(scores, part.Labels!);
        }

        double fromValidation = Youden(split.Validation);

        Assert.Equal(fromValidation, card.Thresholds["fused"], 6);
        Assert.Equal(fromValidation, fixture.Result.TestMetrics["fused"].Threshold, 6);
        Assert.NotEqual(Youden(split.Test), card.Thresholds["fused"], 6);
    }

    [Fact]
    public void Given_a_trained_run_When_reading_metrics_json_Then_the_documented_evaluation_schema_is_there()
    {
        string json = File.ReadAllText(Path.Combine(fixture.Result.RunDirectory, MetricsJson.FileName));
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;

        foreach (string name in new[] { "fused", "image", "clinical", "logistic", "osta" })
        {
            var model = root.GetProperty("models").GetProperty(name);
            foreach (
                string field in new[]
                {
                    "auc",
                    "auc_ci_low",
                    "auc_ci_high",
                    "accuracy",
                    "sensitivity",
                    "specificity",
                    "ppv",
                    "npv",
                    "threshold",
                    "n",
                    "n_positive",
                }
            )
            {
                Assert.True(model.TryGetProperty(field, out _), $"models.{name}.{field} missing");
            }
            Assert.True(model.GetProperty("auc_ci_low").GetDouble() <= model.GetProperty("auc").GetDouble());
        }
        Assert.True(root.GetProperty("models").GetProperty("fused").TryGetProperty("brier", out _));
        foreach (string test in new[] { "fused_vs_image", "fused_vs_clinical", "fused_vs_osta" })
        {
            var node = root.GetProperty("tests").GetProperty(test);
            foreach (string field in new[] { "delong_z", "delong_p", "mcnemar_p" })
            {
                Assert.True(node.TryGetProperty(field, out _), $"tests.{test}.{field} missing");
            }
        }
        Assert.Contains("estrogen", root.GetProperty("skipped").GetProperty("orai").GetString());
        var curve = root.GetProperty("decision_curve");
        Assert.Equal(99, curve.GetProperty("thresholds").GetArrayLength());
        Assert.Equal(99, curve.GetProperty("refer_all").GetArrayLength());
        Assert.Equal(
            ["clinical", "fused", "image", "logistic"],
            curve.GetProperty("models").EnumerateObject().Select(m => m.Name).Order()
        );
        Assert.True(root.TryGetProperty("split", out _) && root.TryGetProperty("data_hash", out _));
        Assert.Equal(2, root.GetProperty("schema_version").GetInt32());
        foreach (string variant in new[] { "backbone", "wavelet" })
        {
            var node = root.GetProperty("ablation").GetProperty(variant);
            Assert.InRange(node.GetProperty("auc").GetDouble(), 0, 1);
            Assert.True(node.TryGetProperty("auc_ci_low", out _) && node.TryGetProperty("validation_auc", out _));
        }
    }

    [Fact]
    public void Given_a_trained_run_When_opening_report_html_Then_every_section_is_there_with_figures_and_no_patient_ids()
    {
        string html = File.ReadAllText(Path.Combine(fixture.Result.RunDirectory, HtmlReport.FileName));

        foreach (
            string section in new[]
            {
                "SYNTHETIC DATA",
                "Summary (TRIPOD+AI items)",
                "Model comparison",
                "Paired tests",
                "ROC and calibration",
                "Calibration",
                "Decision curve",
                "Confusion matrices",
                "Subgroups",
                "AutoML leaderboard",
                "Image ablation",
                "Attention maps",
                "missingness",
            }
        )
        {
            Assert.Contains(section, html);
        }
        // ROC, calibration, decision curve, four attention maps
        Assert.Equal(3 + 4, html.Split("data:image/png;base64,").Length - 1);
        Assert.DoesNotContain("SYN-A-", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public void Given_the_zip_and_a_labelled_cohort_When_evaluating_from_the_cli_Then_metrics_and_report_are_written_with_frozen_thresholds()
    {
        string report = fixture.Scratch("evaluation");
        var console = new TestConsole();
        console.Profile.Width = 200;

        int code = CliApp.Run(
            ["evaluate", "--model", fixture.ModelPath, "--data", fixture.CohortFolder, "--report", report],
            console
        );

        Assert.True(code == 0, console.Output);
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(report, MetricsJson.FileName)));
        var card = ModelCard.Read(fixture.ModelPath);
        Assert.Equal(
            card.Thresholds["fused"],
            document.RootElement.GetProperty("models").GetProperty("fused").GetProperty("threshold").GetDouble(),
            1e-6 // metrics.json rounds to 6 decimals
        );
        Assert.True(File.Exists(Path.Combine(report, HtmlReport.FileName)));
        Assert.Contains("fused", console.Output);
    }

    [Fact]
    public void Given_the_zip_When_reading_its_model_card_Then_it_holds_thresholds_and_no_patient_ids()
    {
        using var archive = System.IO.Compression.ZipFile.OpenRead(fixture.ModelPath);
        using var reader = new StreamReader(archive.GetEntry(ModelCard.EntryName)!.Open());
        string card = reader.ReadToEnd();

        Assert.Contains("thresholds", card);
        Assert.DoesNotContain("SYN-A-", card);
    }
}
