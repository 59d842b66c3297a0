using System.Text.Json;
using OsteoMl.Data;
using OsteoMl.Model;
using OsteoMl.Reporting;

namespace OsteoMl.Tests.Workflows;

/// <summary>
/// The wavelet-attention network inside a trained zip and its report entries (the shared SYNTHETIC fixture).
/// </summary>
public sealed class ImageNetworkEndToEndTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    [Fact]
    public void Given_a_run_with_the_attention_network_When_reading_metrics_json_Then_the_ablation_has_backbone_wavelet_and_attention_with_CIs()
    {
        using var document = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(fixture.Result.RunDirectory, MetricsJson.FileName))
        );
        var ablation = document.RootElement.GetProperty("ablation");

        foreach (string variant in new[] { "backbone", "wavelet", "attention" })
        {
            var entry = ablation.GetProperty(variant);
            double auc = entry.GetProperty("auc").GetDouble(),
                low = entry.GetProperty("auc_ci_low").GetDouble(),
                high = entry.GetProperty("auc_ci_high").GetDouble();
            Assert.InRange(auc, 0, 1);
            Assert.True(low <= auc && auc <= high, $"{variant}: {low} ≤ {auc} ≤ {high}");
        }
        Assert.InRange(ablation.GetProperty("attention").GetProperty("p_vs_backbone").GetDouble(), 0, 1);
        Assert.False(ablation.GetProperty("backbone").TryGetProperty("p_vs_backbone", out _));
        Assert.Equal(["finetuned"], ablation.GetProperty("not_built").EnumerateArray().Select(e => e.GetString()));
        var network = Assert.Single(document.RootElement.GetProperty("image_network").EnumerateArray());
        Assert.Equal("head", network.GetProperty("fine_tune").GetString());
        Assert.True(network.GetProperty("saved_in_model").GetBoolean());
        Assert.InRange(network.GetProperty("best_epoch").GetInt32(), 1, 4);
    }

    [Fact]
    public void Given_the_zip_When_scoring_images_Then_each_row_has_a_7x7_attention_map_and_the_card_names_the_network()
    {
        using var model = OsteoMlModel.Load(fixture.ModelPath);
        Cohort cohort = CohortReader.Read(
            fixture.CsvPath,
            new CohortOptions { RequireLabel = false, ExpectedColumns = model.ExpectedClinicalColumns }
        );

        var scores = model.ScoreImages(cohort.Subset([0, 1, 2]));
        var predictions = model.Score(cohort.Subset([0, 1, 2]));

        Assert.True(model.HasAttentionMap);
        Assert.All(scores, s => Assert.Equal(49, s.AttentionMap!.Length));
        Assert.All(scores.SelectMany(s => s.AttentionMap!), a => Assert.InRange(a, 0f, 1f));
        Assert.True(scores[0].AttentionMap!.Max() - scores[0].AttentionMap!.Min() > 1e-3, "the map is not flat");
        Assert.Equal(predictions.Select(p => p.ImageProbability), scores.Select(s => s.ImageProbability));
        Assert.StartsWith(
            "wavelet-attention on resnet18, fine-tune head",
            ModelCard.Read(fixture.ModelPath).ImageNetwork
        );
    }
}
