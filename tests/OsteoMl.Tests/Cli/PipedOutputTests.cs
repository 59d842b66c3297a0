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
