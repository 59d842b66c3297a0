using OsteoMl.AutoML;
using OsteoMl.Cli;
using OsteoMl.Tests.AutoML;
using Spectre.Console.Testing;

namespace OsteoMl.Tests.Cli;

/// <summary>
/// <c>train --resume RUN</c> continues the run it names. A user's resume without <c>--out</c> once overwrote an
/// unrelated ./models/osteoml.zip (the run had been started with <c>--out m.zip</c>), printed seed=42 for a seed-5
/// run, and run.json recorded neither <c>--out</c> nor <c>--fine-tune</c>.
/// </summary>
[Collection(TimedProcessCollection.Name)]
public sealed class ResumeCliTests
{
    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 400;
        int code = CliApp.Run(args, console);
        return (code, console.Output);
    }

    private static string StartedRun(TempFolder folder, string csv)
    {
        var (code, output) = Run(
            "train",
            "--data",
            csv,
            "--label",
            "outcome",
            "--no-images",
            "--seed",
            "5",
            "--out",
            folder.File("started/m.zip"),
            "--runs",
            folder.File("runs"),
            "--max-trials",
            "2",
            "--operating-point",
            "sensitivity=0.9"
        );
        Assert.True(code == 0, output);
        return Assert.Single(Directory.GetDirectories(folder.File("runs")));
    }

    [Fact]
    public void Given_a_run_started_with_its_own_out_and_seed_When_resumed_without_them_Then_it_writes_that_zip_with_that_seed()
    {
        using var folder = new TempFolder();
        string csv = TabularData.Write(folder.File("table.csv"), rows: 120);
        string run = StartedRun(folder, csv);
        var manifest = RunManifest.Read(run);
        string defaultZip = Path.GetFullPath(Path.Combine("models", "osteoml.zip"));
        DateTime? defaultBefore = File.Exists(defaultZip) ? File.GetLastWriteTimeUtc(defaultZip) : null;
        DateTime startedBefore = File.GetLastWriteTimeUtc(folder.File("started/m.zip"));
        Thread.Sleep(20);

        var (code, output) = Run("train", "--resume", run, "--max-trials", "3", "--runs", folder.File("runs"));

        Assert.True(code == 0, output);
        Assert.Contains("seed=5", output);
        Assert.Contains(folder.File("started/m.zip"), output);
        Assert.True(
            File.GetLastWriteTimeUtc(folder.File("started/m.zip")) > startedBefore,
            "the run's zip was not written"
        );
        Assert.Equal(defaultBefore, File.Exists(defaultZip) ? File.GetLastWriteTimeUtc(defaultZip) : null);
        Assert.Equal(Path.GetFullPath(folder.File("started/m.zip")), manifest.Options!.OutputModelPath);
        Assert.Equal("none", manifest.Options.FineTune);
        Assert.Equal("sensitivity=0.9", manifest.Options.OperatingPoint);
        Assert.Equal(3, TrialLog.Read(Path.Combine(run, TrialLog.FileName)).Count);
    }

    [Theory]
    [InlineData("--seed", "7")]
    [InlineData("--out", "other.zip")]
    [InlineData("--operating-point", "youden")]
    public void Given_a_run_When_resumed_with_another_value_of_one_of_its_options_Then_exit_2_names_the_option(
        string option,
        string value
    )
    {
        using var folder = new TempFolder();
        string csv = TabularData.Write(folder.File("table.csv"), rows: 120);
        string run = StartedRun(folder, csv);
        string argument = option == "--out" ? folder.File(value) : value;

        var (code, output) = Run("train", "--resume", run, "--runs", folder.File("runs"), option, argument);

        Assert.Equal(2, code);
        Assert.Contains($"started with {option}", output);
        Assert.False(File.Exists(folder.File("other.zip")));
        Assert.Equal(2, TrialLog.Read(Path.Combine(run, TrialLog.FileName)).Count);
    }
}
