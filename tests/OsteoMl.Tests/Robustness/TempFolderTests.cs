using System.Diagnostics;
using OsteoMl.Simulation;

namespace OsteoMl.Tests.Robustness;

/// <summary>
/// Every exit path leaves the temp folder as it found it; the successful ones too (a run used to leave the 64 MB
/// backbone copy and ONNX Runtime's session file behind each time). Child processes, each with its own TMPDIR.
/// </summary>
[Collection(OsteoMl.Tests.Cli.TimedProcessCollection.Name)]
public sealed class TempFolderTests
{
    [Fact]
    public void Given_a_successful_multimodal_train_and_predict_When_each_process_exits_Then_its_TMPDIR_is_empty()
    {
        using var folder = new TempFolder();
        CohortSimulator.Generate(folder.File("cohort"), 40, seed: 8, SiteProfile.A);
        File.WriteAllText(
            folder.File("pipeline.json"),
            """{ "folds": 3, "repeats": 1, "image": { "network": { "maxEpochs": 2 } } }"""
        );
        string tmp = folder.File("tmp");
        Directory.CreateDirectory(tmp);

        var (code, output) = Child(
            tmp,
            "train",
            "--data",
            folder.File("cohort"),
            "--out",
            folder.File("m.zip"),
            "--runs",
            folder.File("runs"),
            "--max-trials",
            "2",
            "--pipeline",
            folder.File("pipeline.json")
        );
        Assert.True(code == 0, output);
        Assert.Empty(Directory.GetFileSystemEntries(tmp));

        (code, output) = Child(
            tmp,
            "predict",
            "--model",
            folder.File("m.zip"),
            "--data",
            folder.File("cohort"),
            "--out",
            folder.File("p.csv")
        );
        Assert.True(code == 0, output);
        Assert.Empty(Directory.GetFileSystemEntries(tmp));
    }

    private static (int Code, string Output) Child(string tmp, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["TMPDIR"] = tmp;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OsteoMl.Cli.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var child = Process.Start(start)!;
        var error = child.StandardError.ReadToEndAsync();
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        return (child.ExitCode, output + error.Result);
    }
}
