using System.Diagnostics;
using OsteoMl.AutoML;
using OsteoMl.Cli;
using OsteoMl.Tests.AutoML;
using Spectre.Console.Testing;

namespace OsteoMl.Tests.Cli;

/// <summary>The AutoML verbs as a user runs them: tabular training, the leaderboard, bad options, Ctrl+C.</summary>
[Collection(TimedProcessCollection.Name)]
public sealed class AutoMlCliTests
{
    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 220;
        int code = CliApp.Run(args, console);
        return (code, console.Output);
    }

    private static string[] Train(TempFolder folder, string csv, params string[] extra) =>
        [
            "train",
            "--data",
            csv,
            "--label",
            "outcome",
            "--no-images",
            "--out",
            folder.File("m.zip"),
            "--runs",
            folder.File("runs"),
            .. extra,
        ];

    private static string OnlyRun(TempFolder folder) => Assert.Single(Directory.GetDirectories(folder.File("runs")));

    [Fact]
    public void Given_a_plain_table_When_training_with_no_images_Then_a_zip_and_a_leaderboard_are_produced()
    {
        using var folder = new TempFolder();
        string csv = TabularData.Write(folder.File("table.csv"));

        var (code, output) = Run(Train(folder, csv, "--max-trials", "6", "--tuner", "random"));
        var (boardCode, board) = Run("trials", OnlyRun(folder));

        Assert.True(code == 0, output);
        Assert.True(File.Exists(folder.File("m.zip")));
        Assert.Contains("Search clinical: 6 trials", output);
        Assert.Equal(0, boardCode);
        Assert.Contains("best", board);
        Assert.Contains("6 trials (6 completed", board);
    }

    [Fact]
    public void Given_two_runs_When_comparing_Then_both_bests_and_a_paired_test_are_printed()
    {
        using var folder = new TempFolder();
        string csv = TabularData.Write(folder.File("table.csv"));
        Assert.Equal(0, Run(Train(folder, csv, "--max-trials", "4", "--tuner", "cfo")).Code);
        Assert.Equal(0, Run(Train(folder, csv, "--max-trials", "4", "--tuner", "random")).Code);
        string[] runs = Directory.GetDirectories(folder.File("runs")).Order().ToArray();

        var (code, output) = Run("trials", "--compare", runs[0], runs[1]);

        Assert.Equal(0, code);
        Assert.Contains("corrected resampled t-test", output);
    }

    [Fact]
    public async Task Given_two_separate_processes_When_training_with_the_same_seed_and_trial_limit_Then_the_trial_logs_are_identical()
    {
        // In-process repeats share one random stream state; separate processes caught an SDCA trial that differed.
        using var folder = new TempFolder();
        string csv = TabularData.Write(folder.File("table.csv"), rows: 300);
        var logs = new List<string[]>();
        foreach (string name in new[] { "a", "b" })
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true };
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
                    "--max-trials",
                    "14",
                    "--out",
                    folder.File($"{name}.zip"),
                    "--runs",
                    folder.File($"runs-{name}"),
                }
            )
            {
                start.ArgumentList.Add(arg);
            }
            using var child = Process.Start(start)!;
            await child.StandardOutput.ReadToEndAsync();
            await child.WaitForExitAsync();
            Assert.Equal(0, child.ExitCode);
            string log = Path.Combine(
                Assert.Single(Directory.GetDirectories(folder.File($"runs-{name}"))),
                TrialLog.FileName
            );
            logs.Add([.. TrialLog.Read(log).Select(t => $"{t.Parameters} {string.Join(",", t.FoldScores)}")]);
        }

        Assert.Equal(logs[0], logs[1]);
        Assert.Equal(14, logs[0].Length);
    }

    [Theory]
    [InlineData("--tuner", "bayes")]
    [InlineData("--metric", "f1")]
    [InlineData("--max-trials", "0")]
    [InlineData("--time-budget", "-5")]
    [InlineData("--trainers", "FastTree,DeepForest")]
    [InlineData("--resume", "no-such-run")]
    public void Given_a_bad_search_option_When_training_Then_exit_code_2_names_the_option(string option, string value)
    {
        using var folder = new TempFolder();
        string csv = TabularData.Write(folder.File("table.csv"), rows: 40);

        var (code, output) = Run(Train(folder, csv, option, value));

        Assert.Equal(2, code);
        Assert.Contains(option, output);
        Assert.False(File.Exists(folder.File("m.zip")));
    }

    [Fact]
    public async Task Given_a_running_search_When_the_process_gets_SIGINT_Then_it_stops_early_and_saves_the_best_model()
    {
        // A process started as a background job of a non-interactive shell ignores SIGINT, and children inherit that:
        // the child would never see the "Ctrl+C". Say so instead of timing out.
        string status = File.ReadAllText("/proc/self/status");
        ulong ignored = Convert.ToUInt64(
            status.Split('\n').First(l => l.StartsWith("SigIgn:", StringComparison.Ordinal))[7..].Trim(),
            16
        );
        Assert.True(
            (ignored & 0x2) == 0,
            "SIGINT is ignored by this test process (started as a background job?), so no child can receive it; run "
                + "`dotnet test` in the foreground."
        );

        using var folder = new TempFolder();
        string csv = TabularData.Write(folder.File("table.csv"), rows: 300);
        string cli = Path.Combine(AppContext.BaseDirectory, "OsteoMl.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in Train(folder, csv, "--time-budget", "120", "--trainers", "FastTreeGam,FastTree"))
        {
            start.ArgumentList.Add(arg);
        }
        start.ArgumentList.Insert(0, cli);
        Directory.CreateDirectory(folder.File("tmp"));
        start.Environment["TMPDIR"] = folder.File("tmp");
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEndAsync();

        // Wait until trials are being logged, then press "Ctrl+C".
        var clock = Stopwatch.StartNew();
        string? log = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(60) && (log is null || TrialLog.Read(log).Count < 2))
        {
            await Task.Delay(200);
            log = Directory.Exists(folder.File("runs"))
                ? Directory
                    .GetDirectories(folder.File("runs"))
                    .Select(d => Path.Combine(d, TrialLog.FileName))
                    .FirstOrDefault(File.Exists)
                : null;
        }
        Assert.NotNull(log);
        Process
            .Start("kill", ["-INT", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!
            .WaitForExit();
        var stoppedAt = Stopwatch.StartNew();
        bool exited = child.WaitForExit(TimeSpan.FromSeconds(60));
        if (!exited)
        {
            child.Kill(entireProcessTree: true);
        }
        Assert.True(
            exited,
            $"the process did not stop. stdout: {await output} stderr: {await child.StandardError.ReadToEndAsync()}"
        );

        string text = await output;
        Assert.True(child.ExitCode == 0, text + await child.StandardError.ReadToEndAsync());
        Assert.True(stoppedAt.Elapsed < TimeSpan.FromSeconds(30), $"took {stoppedAt.Elapsed} to stop");
        Assert.Contains("cancelled", text);
        Assert.True(File.Exists(folder.File("m.zip")));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(100));
        Assert.Empty(Directory.GetFileSystemEntries(folder.File("tmp")));
    }
}
