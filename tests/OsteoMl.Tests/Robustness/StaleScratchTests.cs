using System.Diagnostics;
using OsteoMl.Tests.AutoML;

namespace OsteoMl.Tests.Robustness;

/// <summary>
/// A train killed with SIGKILL cannot remove its scratch folder; the next run sweeps it, and never a live run's.
/// Real child processes, each with TMPDIR set to the test's own folder.
/// </summary>
[Collection(OsteoMl.Tests.Cli.TimedProcessCollection.Name)]
public sealed class StaleScratchTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public void Given_a_train_killed_with_sigkill_When_the_next_train_starts_Then_the_dead_ones_scratch_is_swept_and_the_live_ones_kept()
    {
        using var folder = new TempFolder();
        TabularData.Write(folder.File("table.csv"));
        string tmp = folder.File("tmp");
        Directory.CreateDirectory(tmp);

        string dead;
        using (var killed = StartTrain(folder, tmp, "killed"))
        {
            dead = WaitFor(() => Scratch(tmp).SingleOrDefault(), killed);
            killed.Kill();
            killed.WaitForExit();
        }
        Assert.True(Directory.Exists(dead));

        using var live = StartTrain(folder, tmp, "live");
        try
        {
            string own = WaitFor(() => Scratch(tmp).SingleOrDefault(s => s != dead), live);
            WaitFor(() => Directory.Exists(dead) ? null : "swept", live);

            // Another sweep while the live run works leaves its folder alone.
            OsteoMl.Common.ScratchFolder.SweepStale(tmp);
            Assert.True(Directory.Exists(own), "a live run's scratch folder was deleted");
            Assert.False(live.HasExited, "the live train stopped early; its output explains why");
        }
        finally
        {
            live.Kill();
            live.WaitForExit();
        }
    }

    private static string[] Scratch(string tmp) => Directory.GetDirectories(tmp, "osteoml-train-*");

    /// <summary>The value <paramref name="probe"/> returns once it is not null; fails when the child exits first.</summary>
    private static string WaitFor(Func<string?> probe, Process child)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            if (probe() is { } found)
            {
                return found;
            }
            if (child.HasExited)
            {
                Assert.Fail($"the child exited ({child.ExitCode}) before the awaited state");
            }
            Thread.Sleep(100);
        }
        throw new TimeoutException($"nothing after {Patience}");
    }

    /// <summary>A tabular train with far more trials than it will be given time for.</summary>
    private static Process StartTrain(TempFolder folder, string tmp, string name)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["TMPDIR"] = tmp;
        foreach (
            string arg in new[]
            {
                Path.Combine(AppContext.BaseDirectory, "OsteoMl.Cli.dll"),
                "train",
                "--data",
                folder.File("table.csv"),
                "--label",
                "outcome",
                "--no-images",
                "--max-trials",
                "100000",
                "--out",
                folder.File($"{name}.zip"),
                "--runs",
                folder.File($"runs-{name}"),
            }
        )
        {
            start.ArgumentList.Add(arg);
        }
        var child = Process.Start(start)!;
        // Drained, so that a full pipe never blocks the child.
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        return child;
    }
}
