using System.Diagnostics;
using OsteoMl.Cli;

namespace OsteoMl.Tests.Cli;

/// <summary>Output that is not a terminal (a file, a CI log) is written in full lines, not wrapped at 80 columns.</summary>
public sealed class PipedOutputTests
{
    [Fact]
    public void Given_help_piped_to_a_file_When_printed_Then_each_option_is_one_unpadded_line()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OsteoMl.Cli.dll"));
        start.ArgumentList.Add("train");
        start.ArgumentList.Add("--help");
        using var child = Process.Start(start)!;
        string[] lines = child.StandardOutput.ReadToEnd().Split('\n');
        child.WaitForExit();

        Assert.Equal(0, child.ExitCode);
        string fineTune = Assert.Single(lines, l => l.Contains("--fine-tune <MODE>"));
        Assert.EndsWith("slow on a CPU). See docs/image-network.md", fineTune);
        Assert.DoesNotContain(lines, l => l.EndsWith(' '));
    }

    [Fact]
    public void Given_train_and_trials_piped_to_a_file_When_run_Then_no_line_is_broken()
    {
        using var folder = new TempFolder();
        string csv = OsteoMl.Tests.AutoML.TabularData.Write(folder.File("table.csv"));
        string zip = folder.File("m.zip");

        var (trainCode, train) = Piped(
            "train",
            "--data",
            csv,
            "--label",
            "outcome",
            "--no-images",
            "--max-trials",
            "3",
            "--out",
            zip,
            "--runs",
            folder.File("runs")
        );
        var (trialsCode, trials) = Piped("trials", "--runs", folder.File("runs"));

        Assert.Equal(0, trainCode);
        Assert.Equal(0, trialsCode);
        // Each of these is longer than 80 columns and must come out as one line.
        Assert.Contains(
            train,
            l =>
                l.StartsWith("Model: ", StringComparison.Ordinal)
                && l.EndsWith("do not re-evaluate this model on them)", StringComparison.Ordinal)
        );
        Assert.Contains(
            train,
            l => l.StartsWith("[", StringComparison.Ordinal) && l.Contains("] AutoML clinical search")
        );
        Assert.Contains(
            trials,
            l =>
                l.Contains("why: ", StringComparison.Ordinal)
                && l.EndsWith("the ensemble must be better by more than one)", StringComparison.Ordinal)
        );
        // The summary says what was saved from the clinical search, not only its best trial by mean fold score.
        int search = Array.FindIndex(train, l => l.StartsWith("Search clinical: ", StringComparison.Ordinal));
        Assert.True(search >= 0 && train[search + 1].StartsWith("  saved: ", StringComparison.Ordinal));
        Assert.DoesNotContain(train.Concat(trials), l => l.EndsWith(' '));
    }

    private static (int Code, string[] Lines) Piped(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OsteoMl.Cli.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var child = Process.Start(start)!;
        var error = child.StandardError.ReadToEndAsync();
        string[] lines = child.StandardOutput.ReadToEnd().Split('\n');
        child.WaitForExit();
        _ = error.Result;
        return (child.ExitCode, lines);
    }

    [Fact]
    public void Given_text_with_padded_lines_When_written_through_the_trimmer_Then_trailing_spaces_are_dropped()
    {
        var inner = new StringWriter();
        using (var trimmer = new TrailingSpaceTrimmer(inner))
        {
            trimmer.Write("a   \nb\r\n  c  ");
        }

        Assert.Equal("a\nb\n  c  ", inner.ToString());
    }
}
