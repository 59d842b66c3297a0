using System.Diagnostics;
using OsteoMl.AutoML;
using OsteoMl.Cli;
using OsteoMl.Common;
using OsteoMl.Data;
using OsteoMl.Tests.AutoML;
using OsteoMl.Workflows;
using Spectre.Console.Testing;

namespace OsteoMl.Tests.Robustness;

/// <summary>
/// Interrupted, concurrent and failing writes: the previous model always survives, nothing half-written stays.
/// </summary>
[Collection(OsteoMl.Tests.Cli.TimedProcessCollection.Name)]
public sealed class InterruptionTests
{
    [Fact]
    public async Task Given_a_training_child_process_When_it_gets_SIGTERM_Then_it_aborts_quickly_keeps_the_old_model_and_says_where_the_trials_are()
    {
        using var folder = new TempFolder();
        string csv = TabularData.Write(folder.File("table.csv"), rows: 300);
        string zip = folder.File("model.zip");
        byte[] previous = [9, 8, 7];
        File.WriteAllBytes(zip, previous);
        Directory.CreateDirectory(folder.File("tmp"));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["TMPDIR"] = folder.File("tmp");
        foreach (
            string arg in new[]
            {
                Path.Combine(AppContext.BaseDirectory, "OsteoMl.Cli.dll"),
                "train",
                "--data",
                csv,
                "--label",
                "outcome",
                "--no-images",
                "--out",
                zip,
                "--runs",
                folder.File("runs"),
                "--time-budget",
                "120",
                "--trainers",
                "FastTreeGam,FastTree",
            }
        )
        {
            start.ArgumentList.Add(arg);
        }
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60) && TrialCount(folder) < 2)
        {
            await Task.Delay(200);
        }
        Assert.True(TrialCount(folder) >= 2, "no trials were logged");

        Process
            .Start("kill", ["-TERM", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!
            .WaitForExit();
        var stopping = Stopwatch.StartNew();
        Assert.True(child.WaitForExit(TimeSpan.FromSeconds(60)), "the process did not stop");
        string text = (await output).Replace("\n", " ", StringComparison.Ordinal);

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(20), $"took {stopping.Elapsed} to stop");
        Assert.Equal(130, child.ExitCode);
        Assert.Contains("trials.jsonl", text);
        Assert.Contains("--resume", text);
        Assert.Equal(previous, File.ReadAllBytes(zip));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
        Assert.Empty(Directory.GetFiles(folder.Path, "*.lock"));
        Assert.Empty(Directory.GetFileSystemEntries(folder.File("tmp")));
    }

    private static int TrialCount(TempFolder folder) =>
        Directory.Exists(folder.File("runs"))
            ? Directory
                .GetDirectories(folder.File("runs"))
                .Sum(d => TrialLog.Read(Path.Combine(d, TrialLog.FileName)).Count)
            : 0;

    [Fact]
    public void Given_another_run_holding_the_output_When_training_to_the_same_zip_Then_exit_2_and_the_model_is_untouched()
    {
        using var folder = new TempFolder();
        string csv = TabularData.Write(folder.File("table.csv"));
        string zip = folder.File("model.zip");
        File.WriteAllBytes(zip, [1]);
        var console = new TestConsole();
        console.Profile.Width = 400;

        int code;
        using (OutputLock.Acquire(zip))
        {
            code = CliApp.Run(
                [
                    "train",
                    "--data",
                    csv,
                    "--label",
                    "outcome",
                    "--no-images",
                    "--max-trials",
                    "2",
                    "--out",
                    zip,
                    "--runs",
                    folder.File("runs"),
                ],
                console
            );
        }

        Assert.Equal(2, code);
        Assert.Contains("another OsteoMl run", console.Output);
        Assert.Equal([1], File.ReadAllBytes(zip));
    }

    [Fact]
    public void Given_a_write_that_fails_midway_When_saving_atomically_Then_the_previous_file_stays_and_no_temp_file_is_left()
    {
        using var folder = new TempFolder();
        string target = folder.File("model.zip");
        File.WriteAllText(target, "previous");

        var error = Assert.Throws<OutputException>(() =>
            AtomicFile.Write(
                target,
                temporary =>
                {
                    File.WriteAllText(temporary, "half");
                    throw new IOException("No space left on device");
                }
            )
        );

        Assert.Contains("No space left on device", error.Message);
        Assert.Equal("previous", File.ReadAllText(target));
        Assert.Single(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Given_an_output_folder_that_cannot_exist_When_training_Then_exit_2_says_it_cannot_write()
    {
        using var folder = new TempFolder();
        string csv = TabularData.Write(folder.File("table.csv"));
        File.WriteAllText(folder.File("not-a-folder"), "");
        var console = new TestConsole();
        console.Profile.Width = 300;

        int code = CliApp.Run(
            [
                "train",
                "--data",
                csv,
                "--label",
                "outcome",
                "--no-images",
                "--max-trials",
                "2",
                "--out",
                Path.Combine(folder.File("not-a-folder"), "m.zip"),
                "--runs",
                folder.File("runs"),
            ],
            console
        );

        Assert.Equal(2, code);
        Assert.Contains("not-a-folder", console.Output);
    }
}
