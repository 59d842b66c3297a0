using System.Text.RegularExpressions;

namespace OsteoMl.Tests.Cli;

/// <summary>report.html's tables: text cells left-aligned and free to wrap, numbers right-aligned and whole.</summary>
public sealed partial class ReportLayoutTests(TabularRunFixture run) : IClassFixture<TabularRunFixture>
{
    private string Html => File.ReadAllText(Path.Combine(run.RunFolder, "report.html"));

    [Fact]
    public void Given_a_run_report_When_reading_the_leaderboard_Then_trainer_and_hyperparameter_cells_are_text_cells()
    {
        var row = LeaderboardRow().Match(Html);

        Assert.True(row.Success, "no leaderboard row in report.html");
        Assert.Equal("text", row.Groups["trainer"].Value);
        Assert.Equal("text wrap", row.Groups["hyperparameters"].Value);
    }

    [Fact]
    public void Given_a_run_report_When_reading_its_style_Then_text_cells_are_left_aligned_and_numbers_right_aligned()
    {
        string html = Html;

        Assert.Contains("td.text{text-align:left;white-space:normal}", html);
        Assert.Contains("td,th{border:1px solid #ccc;padding:.25em .45em;text-align:right}", html);
        Assert.Contains("td{white-space:nowrap}", html);
    }

    /// <summary>Rank, trial, trainer, hyperparameters: the first cells of a leaderboard row, with their classes.</summary>
    [GeneratedRegex(
        @"<tr><td>1</td><td>\d+</td><td class=""(?<trainer>[^""]*)"">\w+</td><td class=""(?<hyperparameters>[^""]*)"">"
    )]
    private static partial Regex LeaderboardRow();
}
