using System.Globalization;
using System.Text.Json;
using OsteoMl.Data;
using OsteoMl.Model;
using OsteoMl.Reporting;

namespace OsteoMl.Tests.Workflows;

public sealed class EndToEndTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    [Fact]
    public void Given_a_trained_run_When_reading_metrics_json_Then_it_has_the_three_models_and_no_patient_ids()
    {
        string json = File.ReadAllText(Path.Combine(fixture.Result.RunDirectory, MetricsJson.FileName));
        using var document = JsonDocument.Parse(json);
        var models = document.RootElement.GetProperty("models");

        foreach (string name in new[] { "fused", "image", "clinical" })
        {
            var model = models.GetProperty(name);
            foreach (string field in new[] { "auc", "accuracy", "sensitivity", "specificity", "threshold", "n" })
            {
                Assert.True(model.TryGetProperty(field, out _), $"{name}.{field} missing");
            }
            Assert.Equal(fixture.Result.Split.Test.Rows, model.GetProperty("n").GetInt32());
        }
        Assert.DoesNotContain("SYN-A-", json);
        Assert.Equal(3, document.RootElement.GetProperty("seed").GetInt32());
    }

    [Fact]
    public void Given_the_zip_When_scored_by_OsteoMl_and_by_a_plain_MLNET_app_Then_probabilities_agree()
    {
        using var model = OsteoMlModel.Load(fixture.ModelPath);
        Cohort cohort = CohortReader.Read(
            fixture.CsvPath,
            new CohortOptions { RequireLabel = false, ExpectedColumns = model.ExpectedClinicalColumns }
        );
        IReadOnlyList<Prediction> ours = model.Score(cohort).Take(6).ToArray();

        var theirs = ConsumerApp.ZipScorer.Score(fixture.ModelPath, fixture.CsvPath, maxRows: 6);

        Assert.Equal(ours.Count, theirs.Count);
        for (int i = 0; i < ours.Count; i++)
        {
            Assert.Equal(ours[i].PatientId, theirs[i].PatientId);
            Assert.InRange(Math.Abs(ours[i].ImageProbability - theirs[i].ImageProbability), 0, 1e-6);
            Assert.InRange(Math.Abs(ours[i].ClinicalProbability - theirs[i].ClinicalProbability), 0, 1e-6);
            Assert.InRange(Math.Abs(ours[i].FusedProbability - theirs[i].FusedProbability), 0, 1e-6);
            Assert.Equal(ours[i].Predicted, theirs[i].PredictedOsteoporosis);
        }
    }

    [Fact]
    public void Given_an_app_that_reads_the_standard_MLNET_columns_When_scoring_the_zip_Then_they_are_the_decided_fused_model()
    {
        var rows = ConsumerApp.ZipScorer.Score(fixture.ModelPath, fixture.CsvPath, maxRows: 40);

        Assert.All(
            rows,
            r =>
            {
                Assert.Equal(r.FusedProbability, r.Probability);
                Assert.Equal(r.PredictedOsteoporosis, r.PredictedLabel);
                Assert.InRange(Math.Abs(r.Score - Math.Log(r.Probability / (1 - r.Probability))), 0, 1e-3);
            }
        );
    }

    [Fact]
    public void Given_the_zip_When_loaded_twice_Then_scores_are_identical_and_the_threshold_decides()
    {
        Cohort cohort;
        IReadOnlyList<Prediction> first,
            second;
        using (var model = OsteoMlModel.Load(fixture.ModelPath))
        {
            cohort = CohortReader.Read(
                fixture.CsvPath,
                new CohortOptions { ExpectedColumns = model.ExpectedClinicalColumns }
            );
            first = model.Score(cohort.Subset([0, 1, 2, 3]));
        }
        using (var model = OsteoMlModel.Load(fixture.ModelPath))
        {
            second = model.Score(cohort.Subset([0, 1, 2, 3]));
        }

        Assert.Equal(first, second);
        double threshold = fixture.Result.TestMetrics["fused"].Threshold;
        Assert.All(first, p => Assert.Equal(p.FusedProbability >= threshold, p.Predicted));
        Assert.All(first, p => Assert.NotNull(p.Label));
    }

    [Fact]
    public void Given_predictions_When_written_Then_the_csv_has_the_documented_columns()
    {
        using var model = OsteoMlModel.Load(fixture.ModelPath);
        Cohort cohort = CohortReader.Read(
            fixture.CsvPath,
            new CohortOptions { RequireLabel = false, ExpectedColumns = model.ExpectedClinicalColumns }
        );
        string path = fixture.Scratch("predictions.csv");

        var two = cohort.Subset([0, 1]);
        PredictionsCsv.Write(path, model.Score(two), two.ImageNames);

        string[] lines = File.ReadAllLines(path);
        Assert.Equal("patient_id,image,p_image,p_clinical,p_fused,p_logistic,predicted,label", lines[0]);
        Assert.Equal(3, lines.Length);
        string[] fields = lines[1].Split(',');
        Assert.StartsWith("images/", fields[1]);
        Assert.InRange(double.Parse(fields[4], CultureInfo.InvariantCulture), 0, 1);
    }
}
