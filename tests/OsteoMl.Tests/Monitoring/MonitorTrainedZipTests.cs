using System.Text.Json;
using OsteoMl.Cli;
using OsteoMl.Monitoring;
using OsteoMl.Tests.Workflows;
using Spectre.Console.Testing;

namespace OsteoMl.Tests.Monitoring;

/// <summary>The drift reference a real training run writes, and monitor scoring a cohort CSV with that zip.</summary>
public sealed class MonitorTrainedZipTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    [Fact]
    public void Given_a_trained_zip_When_reading_its_drift_reference_Then_every_input_and_score_is_there_with_bins_of_five_or_more()
    {
        var reference = DriftReference.Read(fixture.ModelPath);

        Assert.NotNull(reference);
        Assert.Contains(reference.Inputs, h => h.Name == "age");
        Assert.Equal(
            ["p_clinical", "p_fused", "p_image"],
            reference.Scores.Select(h => h.Name).Order(StringComparer.Ordinal)
        );
        Assert.Equal("p_fused", reference.DecidedScore);
        Assert.All(reference.Inputs.Concat(reference.Scores).SelectMany(h => h.Bins), b => Assert.True(b.Count >= 5));
    }

    [Fact]
    public void Given_a_trained_wavelet_attention_zip_When_reading_its_drift_reference_Then_the_network_embedding_is_projected()
    {
        var embedding = DriftReference.Read(fixture.ModelPath)!.Embedding;

        Assert.NotNull(embedding);
        Assert.Equal(OsteoMl.Data.ModelColumns.NetworkEmbedding, embedding.Column);
        Assert.Equal(OsteoMl.Imaging.RadiographNetwork.EmbeddingSize, embedding.Mean.Count);
        Assert.Equal(EmbeddingReference.DefaultComponents, embedding.Histograms.Count);
        Assert.All(embedding.Histograms.SelectMany(h => h.Bins), b => Assert.True(b.Count >= 5));
        Assert.All(embedding.ExplainedVariance, v => Assert.InRange(v, 0, 1));
    }

    [Fact]
    public void Given_a_trained_zip_When_monitoring_a_cohort_csv_Then_exit_0_and_every_input_is_reported()
    {
        string json = fixture.Scratch($"monitor-{Guid.NewGuid():N}.json");
        var console = new TestConsole();
        console.Profile.Width = 200;

        int code = CliApp.Run(
            ["monitor", "--model", fixture.ModelPath, "--data", fixture.CohortFolder, "--out", json],
            console
        );

        Assert.True(code == 0, console.Output);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var inputs = report
            .RootElement.GetProperty("inputs")
            .EnumerateArray()
            .Select(i => i.GetProperty("name").GetString())
            .ToArray();
        Assert.Contains("age", inputs);
        var embedding = report.RootElement.GetProperty("embedding").EnumerateArray().ToArray();
        Assert.Equal(EmbeddingReference.DefaultComponents, embedding.Length);
        Assert.All(embedding, e => Assert.True(e.GetProperty("rows").GetInt32() > 0));
        Assert.True(report.RootElement.GetProperty("alarms").ValueKind == JsonValueKind.Array);
        Assert.DoesNotContain("SYN-", File.ReadAllText(json));
    }

    [Fact]
    public void Given_a_recalibrated_zip_When_reading_its_drift_reference_Then_it_describes_the_local_sample_on_the_trained_directions()
    {
        string recalibrated = fixture.Scratch($"recalibrated-{Guid.NewGuid():N}.zip");
        var console = new TestConsole();

        int code = CliApp.Run(
            ["recalibrate", "--model", fixture.ModelPath, "--data", fixture.CohortFolder, "--out", recalibrated],
            console
        );

        Assert.True(code == 0, console.Output);
        var trained = DriftReference.Read(fixture.ModelPath)!;
        var local = DriftReference.Read(recalibrated)!;
        Assert.Contains("recalibrated on", local.InputsOn, StringComparison.Ordinal);
        Assert.Equal(OsteoMl.Model.ModelCard.Read(recalibrated).Thresholds["fused"], local.Threshold);
        Assert.Equal(
            JsonSerializer.Serialize(trained.Embedding!.Components),
            JsonSerializer.Serialize(local.Embedding!.Components)
        );
        Assert.All(local.Embedding.Histograms, h => Assert.Equal(local.ScoredPatients, h.Total));
        Assert.All(
            local.Scores.Concat(local.Embedding.Histograms).SelectMany(h => h.Bins),
            b => Assert.True(b.Count >= 5)
        );
    }
}
