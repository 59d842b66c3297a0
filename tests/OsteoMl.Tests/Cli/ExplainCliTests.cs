using OsteoMl.Cli;
using OsteoMl.Tests.Workflows;
using Spectre.Console.Testing;

namespace OsteoMl.Tests.Cli;

public sealed class ExplainCliTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 200;
        return (CliApp.Run(args, console), console.Output);
    }

    [Fact]
    public void Given_a_wavelet_attention_zip_When_explaining_two_rows_Then_attention_and_occlusion_PNGs_and_an_index_without_patient_ids_are_written()
    {
        string folder = fixture.Scratch("explain");

        var (code, output) = Run(
            "explain",
            "--model",
            fixture.ModelPath,
            "--data",
            fixture.CsvPath,
            "--out",
            folder,
            "--limit",
            "2"
        );

        Assert.True(code == 0, output);
        string[] files = [.. Directory.GetFiles(folder).Select(Path.GetFileName).Order()!];
        Assert.Equal(6, files.Length); // 2 × (attention, occlusion) + explain.csv + LEGEND.txt
        Assert.Contains("explain.csv", files);
        string legend = File.ReadAllText(Path.Combine(folder, "LEGEND.txt"));
        Assert.Contains("RED: hiding the region LOWERS the image probability", legend);
        Assert.Contains("one colour scale for every film of this run", legend);
        Assert.Contains("marker", legend);
        Assert.Equal(
            2,
            files.Count(f => f.StartsWith("row0001_image", StringComparison.Ordinal) && f.Contains("_fused"))
        );
        Assert.All(
            files.Where(f => f.EndsWith(".png", StringComparison.Ordinal)),
            f =>
            {
                using var image = SkiaSharp.SKBitmap.Decode(Path.Combine(folder, f));
                Assert.Equal(448, image.Width);
            }
        );
        string index = File.ReadAllText(Path.Combine(folder, "explain.csv"));
        Assert.DoesNotContain("SYN-", index + string.Join(",", files));
        Assert.Equal(3, index.Trim().Split('\n').Length);
        Assert.Contains("Attention on the brightest quarter", output);
    }

    [Fact]
    public void Given_an_unknown_fine_tune_mode_When_training_Then_exit_code_2_names_the_choices()
    {
        var (code, output) = Run(
            "train",
            "--data",
            fixture.CsvPath,
            "--out",
            fixture.Scratch("never.zip"),
            "--fine-tune",
            "everything"
        );

        Assert.Equal(2, code);
        Assert.Contains("none, head, last-stage or all", output);
        Assert.False(File.Exists(fixture.Scratch("never.zip")));
    }
}
