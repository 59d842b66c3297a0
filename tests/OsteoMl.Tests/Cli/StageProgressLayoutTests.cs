using System.Text.RegularExpressions;
using OsteoMl.Cli.Display;
using Spectre.Console;
using Spectre.Console.Testing;

namespace OsteoMl.Tests.Cli;

/// <summary>train's progress display in a terminal: one line per stage, with its bar, from 80 columns up.</summary>
public sealed partial class StageProgressLayoutTests
{
    private const string LongDetail =
        "Image network: fine-tuning (head, fold 1/5): epoch 13 · loss 0.316 · validation AUC 0.908 "
        + "(best 0.920, epoch 3) · 4711 films/s";

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    [InlineData(160)]
    public void Given_a_stage_detail_wider_than_the_terminal_When_shown_Then_it_is_cut_and_keeps_its_bar_and_time(
        int width
    )
    {
        var console = new TestConsole().Interactive().EmitAnsiSequences();
        console.Profile.Width = width;

        console
            .Progress()
            .Columns(StageProgressLayout.Columns())
            .Start(ctx =>
            {
                ctx.AddTask(Markup.Escape("Saving model"), maxValue: 1).Value = 1;
                ctx.AddTask(Markup.Escape(LongDetail), maxValue: 5).Value = 2;
            });

        string[] lines = [.. Lines(console.Output)];
        string stage = Assert.Single(lines, l => l.Contains("Image network: fine-tuning"));
        Assert.Matches(@"…\s+━+\s+40%\s+\d\d:\d\d:\d\d$", stage);
        Assert.InRange(stage.Length, 0, width - 1);
        Assert.Matches(@"^Saving model\s+━+\s+100%\s+\d\d:\d\d:\d\d$", Assert.Single(lines, l => l.Contains("Saving")));
    }

    [Fact]
    public void Given_a_short_text_When_fitted_Then_it_is_kept_and_a_long_one_ends_in_an_ellipsis()
    {
        Assert.Equal("epoch 3", FittedDescriptionColumn.Fit("epoch 3", 10));
        Assert.Equal("epoch 3 ·…", FittedDescriptionColumn.Fit("epoch 3 · loss 0.316", 10));
    }

    /// <summary>The last frame the live display drew, without its control sequences.</summary>
    private static IEnumerable<string> Lines(string output) =>
        Colour()
            .Replace(AnsiSequence().Replace(output, "\n"), "")
            .Split('\n')
            .Select(l => l.TrimEnd())
            .Where(l => l.Length > 0);

    [GeneratedRegex(@"\x1b\[[0-9;?]*[A-La-ln-z]|\x1b\][^\x07]*\x07")]
    private static partial Regex AnsiSequence();

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex Colour();
}
