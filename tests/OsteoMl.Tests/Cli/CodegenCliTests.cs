using System.Diagnostics;
using System.Globalization;
using OsteoMl.Cli;
using OsteoMl.Tests.Workflows;
using Spectre.Console.Testing;
using Xunit.Abstractions;

namespace OsteoMl.Tests.Cli;

/// <summary>
/// <c>osteoml codegen</c>: the generated project builds with ML.NET packages alone and, run on the cohort
/// <c>osteoml predict</c> scores, writes the same rows.
/// </summary>
public sealed class CodegenCliTests(TrainedModelFixture fixture, TabularRunFixture tabular, ITestOutputHelper output)
    : IClassFixture<TrainedModelFixture>,
        IClassFixture<TabularRunFixture>
{
    private static readonly string[] Probabilities = ["p_image", "p_clinical", "p_fused", "p_logistic"];

    [Fact]
    public void The_generated_project_builds_and_reproduces_predict_on_the_same_csv() =>
        AssertReproducesPredict(fixture.ModelPath, fixture.CsvPath, withImages: true);

    [Fact]
    public void For_a_tabular_zip_the_generated_project_reproduces_predict_with_empty_image_columns() =>
        AssertReproducesPredict(tabular.Zip, tabular.Csv, withImages: false);

    private void AssertReproducesPredict(string zip, string csv, bool withImages)
    {
        using var folder = new TempFolder();
        Assert.Equal(0, Cli("predict", "--model", zip, "--data", csv, "--out", folder.File("predict.csv")).Code);
        Assert.Equal(0, Cli("codegen", "--model", zip, "--out", folder.File("osteoml-app")).Code);
        if (withImages)
        {
            // The README's example must compile against the generated types (the fixture's columns are sample-data's).
            File.WriteAllText(Path.Combine(folder.File("osteoml-app"), "ReadmeExample.cs"), ReadmeExample());
        }

        var clock = Stopwatch.StartNew();
        // Restores from the local package cache: the versions are the ones this repository was restored with. No
        // build server or node is left running after the test: -nodeReuse:false, no shared compilation.
        Dotnet(
            folder.File("build-tmp"),
            "build",
            folder.File("osteoml-app"),
            "-c",
            "Release",
            "-o",
            folder.File("bin"),
            "-nologo",
            "-nodeReuse:false",
            "-p:UseSharedCompilation=false"
        );
        output.WriteLine($"dotnet build of the generated project: {clock.Elapsed.TotalSeconds:F1} s");
        clock.Restart();
        Dotnet(folder.File("app-tmp"), folder.File(Path.Combine("bin", "OsteomlApp.dll")), csv, folder.File("app.csv"));
        output.WriteLine($"generated app: {clock.Elapsed.TotalSeconds:F1} s");

        var expected = ReadCsv(folder.File("predict.csv"));
        var actual = ReadCsv(folder.File("app.csv"));
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(withImages, actual[0].ContainsKey("image"));
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i]["patient_id"], actual[i]["patient_id"]);
            Assert.Equal(expected[i].GetValueOrDefault("image"), actual[i].GetValueOrDefault("image"));
            Assert.Equal(expected[i]["predicted"], actual[i]["predicted"]);
            foreach (string column in Probabilities)
            {
                Assert.Equal(expected[i][column].Length == 0, actual[i][column].Length == 0);
                if (expected[i][column].Length > 0)
                {
                    Assert.InRange(Math.Abs(Number(expected[i][column]) - Number(actual[i][column])), 0, 1e-6);
                }
            }
        }
        // The app disposed the zip: no unpacked ONNX graph is left in its temp folder, at most ONNX Runtime's own
        // session file (one per folder, whatever the number of loads; OnnxRuntimeSessionFile).
        Assert.All(
            Directory.EnumerateFileSystemEntries(folder.File("app-tmp"), "*", SearchOption.AllDirectories),
            entry => Assert.Equal(".ses", Path.GetFileName(entry))
        );
        if (withImages)
        {
            AssertRefusesDicom(folder, csv);
        }
    }

    /// <summary>The zip cannot decode DICOM: the app says so (exit 2) instead of scoring a film wrongly.</summary>
    private static void AssertRefusesDicom(TempFolder folder, string csv)
    {
        Directory.CreateDirectory(folder.File("dicom"));
        File.Copy(
            Path.Combine(AppContext.BaseDirectory, "Fixtures", "Dicom", "MR_small.dcm"),
            folder.File(Path.Combine("dicom", "film.dcm"))
        );
        string[] lines = File.ReadAllLines(csv);
        int image = Array.IndexOf(lines[0].Split(','), "image");
        string[] row = lines[1].Split(',');
        row[image] = "film.dcm";
        File.WriteAllLines(folder.File(Path.Combine("dicom", "cohort.csv")), [lines[0], string.Join(',', row)]);

        var (code, text) = DotnetExit(
            folder.File("app-tmp"),
            folder.File(Path.Combine("bin", "OsteomlApp.dll")),
            folder.File(Path.Combine("dicom", "cohort.csv")),
            folder.File(Path.Combine("dicom", "out.csv"))
        );

        Assert.Equal(2, code);
        Assert.Contains("line 2: column 'image': a DICOM film", text);
        Assert.False(File.Exists(folder.File(Path.Combine("dicom", "out.csv"))));
    }

    [Fact]
    public void A_non_empty_out_folder_is_exit_2_and_left_as_it_was()
    {
        using var folder = new TempFolder();
        string occupied = folder.File("app");
        Directory.CreateDirectory(occupied);
        File.WriteAllText(Path.Combine(occupied, "mine.txt"), "keep");

        var (code, text) = Cli("codegen", "--model", fixture.ModelPath, "--out", occupied);

        Assert.Equal(2, code);
        Assert.Contains("not empty", text);
        Assert.Equal(["mine.txt"], Directory.EnumerateFileSystemEntries(occupied).Select(Path.GetFileName));
        Assert.Equal([occupied], Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Fact]
    public void An_out_that_is_a_file_is_exit_2()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("app"), "keep");

        var (code, text) = Cli("codegen", "--model", fixture.ModelPath, "--out", folder.File("app"));

        Assert.Equal(2, code);
        Assert.Contains("is a file", text);
        Assert.Equal("keep", File.ReadAllText(folder.File("app")));
    }

    /// <summary>The C# block of README.md's "Use the model in your app", as a method of the generated project.</summary>
    private static string ReadmeExample()
    {
        string readme = RepositoryFiles.Readme();
        string section = readme[readme.IndexOf("## Use the model in your app", StringComparison.Ordinal)..];
        string code = section.Split("```csharp\n")[1].Split("```")[0];
        return $"namespace OsteomlApp;\n\ninternal static class ReadmeExample\n{{\n    public static void Run()\n    {{\n{code}    }}\n}}\n";
    }

    private static (int Code, string Output) Cli(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 400;
        int code = CliApp.Run(args, console);
        return (code, console.Output);
    }

    /// <summary>Runs dotnet; fails the test with its output unless it exits 0.</summary>
    private void Dotnet(string temp, params string[] args)
    {
        var (code, text) = DotnetExit(temp, args);
        Assert.True(code == 0, $"dotnet {string.Join(' ', args)} exited {code}:\n{text}");
        output.WriteLine(text.Trim().Split('\n')[^1]);
    }

    /// <summary>Runs dotnet with <paramref name="temp"/> as TMPDIR: its exit code, stdout and stderr.</summary>
    private static (int Code, string Output) DotnetExit(string temp, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        Directory.CreateDirectory(temp);
        start.Environment["TMPDIR"] = temp;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // The test host's MSBuild variables would point the child build at the test run's own MSBuild.
        foreach (
            string name in new[]
            {
                "MSBuildExtensionsPath",
                "MSBUILD_EXE_PATH",
                "MSBuildSDKsPath",
                "MSBuildLoadMicrosoftTargetsReadOnly",
            }
        )
        {
            start.Environment.Remove(name);
        }
        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        if (!child.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            child.Kill(entireProcessTree: true);
        }
        child.WaitForExit();
        return (child.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>A predictions CSV's rows by column name (the files have no quoted fields).</summary>
    private static List<Dictionary<string, string>> ReadCsv(string path)
    {
        string[] lines = File.ReadAllLines(path);
        string[] header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second))];
    }

    private static double Number(string cell) =>
        cell.Length == 0 ? double.NaN : double.Parse(cell, CultureInfo.InvariantCulture);
}
