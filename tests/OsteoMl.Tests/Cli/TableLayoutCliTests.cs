using System.Text.RegularExpressions;
using OsteoMl.Cli;
using Spectre.Console.Testing;

namespace OsteoMl.Tests.Cli;

/// <summary>The result and leaderboard tables in narrow terminals and in output that is not a terminal.</summary>
public sealed partial class TableLayoutCliTests(TabularRunFixture run) : IClassFixture<TabularRunFixture>
{
    private static string[] Run(TestConsole console, params string[] args)
    {
        Assert.Equal(0, CliApp.Run(args, console));
        return [.. console.Output.Split('\n').Select(l => l.TrimEnd())];
    }

    private static TestConsole Terminal(int width)
    {
        var console = new TestConsole().Interactive();
        console.Profile.Width = width;
        return console;
    }

    private static TestConsole Piped()
    {
        var console = new TestConsole();
        console.Profile.Width = ConsoleFor.PipedWidth;
        return console;
    }

    [Theory]
    [InlineData(90)]
    [InlineData(100)]
    [InlineData(140)]
    public void Given_a_terminal_of_this_width_When_evaluating_Then_no_interval_is_broken_over_lines(int width)
    {
        string[] lines = Run(
            Terminal(width),
            "evaluate",
            "--model",
            run.Zip,
            "--data",
            run.Csv,
            "--label",
            "outcome",
            "--report",
            Path.Combine(Path.GetDirectoryName(run.Zip)!, $"eval{width}")
        );

        string[] rows = [.. lines.Where(l => l.StartsWith('│'))];
        Assert.Contains(rows, r => AucInterval().IsMatch(r));
        Assert.All(rows, r => Assert.Equal(r.Count(c => c == '('), r.Count(c => c == ')')));
        Assert.All(rows, r => Assert.InRange(r.Length, 0, width));
    }

    [Fact]
    public void Given_output_that_is_not_a_terminal_When_listing_trials_Then_title_and_footnote_are_whole_unindented_lines()
    {
        string[] lines = Run(Piped(), "trials", run.RunFolder);

        string name = Path.GetFileName(run.RunFolder);
        Assert.Contains(
            lines,
            l => l.StartsWith($"AutoML trials, clinical stage — {name} (", StringComparison.Ordinal)
        );
        Assert.Contains(
            lines,
            l =>
                l.StartsWith("≈ : tied with the best", StringComparison.Ordinal)
                && l.EndsWith("CIs are t-intervals over folds.", StringComparison.Ordinal)
        );
    }

    [Fact]
    public void Given_output_that_is_not_a_terminal_When_evaluating_Then_title_and_footnote_are_whole_unindented_lines()
    {
        string[] lines = Run(
            Piped(),
            "evaluate",
            "--model",
            run.Zip,
            "--data",
            run.Csv,
            "--label",
            "outcome",
            "--report",
            Path.Combine(Path.GetDirectoryName(run.Zip)!, "eval-piped")
        );

        Assert.Contains(
            lines,
            l =>
                l.StartsWith("Thresholds frozen at training (", StringComparison.Ordinal)
                && l.EndsWith("Wilson 95% CIs.")
        );
    }

    [Fact]
    public void Given_a_run_without_that_search_When_listing_its_stage_Then_it_says_so_and_names_the_searches_it_has()
    {
        // A trailing separator, as a shell's completion leaves it, must still name the run.
        string folder = run.RunFolder + Path.DirectorySeparatorChar;

        string output = string.Join('\n', Run(Terminal(120), "trials", folder, "--stage", "image-backbone"));

        Assert.Contains($"Run {Path.GetFileName(run.RunFolder)} has no image-backbone trials", output);
        Assert.Contains("Its searches: clinical (3 trials)", output);
        Assert.DoesNotContain("┌", output);
    }

    [GeneratedRegex(@"\d\.\d{3} \(\d\.\d{3}–\d\.\d{3}\)|\(\d\.\d{3}–\d\.\d{3}\)")]
    private static partial Regex AucInterval();
}
