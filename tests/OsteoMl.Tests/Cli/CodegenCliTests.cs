using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
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
    public void The_generated_project_builds_and_reproduces_predict_on_the_same_csv()
    {
        using var folder = new TempFolder();
        AssertReproducesPredict(fixture.ModelPath, fixture.CsvPath, folder, withImages: true);
    }

    /// <summary>
    /// The tabular table as trained on; then (the same build) RFC 4180 input and the label column, and bad CSVs.
    /// </summary>
    [Fact]
    public void For_a_tabular_zip_the_generated_project_reproduces_predict_on_plain_quoted_and_labelled_csvs()
    {
        using var folder = new TempFolder();
        string app = AssertReproducesPredict(tabular.Zip, tabular.Csv, folder, withImages: false);
        AssertQuotedCellsAndLabels(folder, app);
        AssertBadCsvsAreExit2(folder, app);
    }

    /// <summary>
    /// Quoted cells with commas, "" and line breaks, CRLF records, a blank line, and the label column given, empty and
    /// NA: the app writes predict's rows, label included.
    /// </summary>
    private void AssertQuotedCellsAndLabels(TempFolder folder, string app)
    {
        string[] table = File.ReadAllLines(tabular.Csv); // x1,x2,x3,x4,group,outcome (yes/no)
        string[] data = table[1..13];
        string Outcome(int i) => data[i].Split(',')[^1];

        // With ids: the first one quoted, holding a comma, doubled quotes and a line break; a free-text note likewise.
        const string quotedId = "P-1, \"first\"\r\nsecond line";
        var withIds = new List<string> { "patient_id," + table[0].Replace(",outcome", ",note,osteoporosis,outcome") };
        for (int i = 0; i < data.Length; i++)
        {
            string id = i == 0 ? "\"P-1, \"\"first\"\"\r\nsecond line\"" : $"P-{i + 1}";
            string note =
                i == 0 ? "\"free text, \"\"quoted\"\"\nover two lines\""
                : i == 1 ? "plain"
                : "";
            string label = i switch
            {
                1 => "",
                2 => "NA",
                3 => " no ",
                _ => Outcome(i),
            };
            string cells = data[i][..data[i].LastIndexOf(',')];
            withIds.Add($"{id},{cells},{note},{label},{Outcome(i)}");
            if (i == 5)
            {
                withIds.Add("");
            }
        }
        File.WriteAllText(folder.File("ids.csv"), string.Join("\r\n", withIds) + "\r\n");
        var (header, rows) = AssertSameRows(tabular.Zip, folder.File("ids.csv"), folder, app, withImages: false);
        Assert.Equal("label", header[^1]);
        Assert.Equal(data.Length, rows.Count);
        Assert.Equal(quotedId, rows[0]["patient_id"]);
        Assert.Equal(["", "", "0"], rows.Skip(1).Take(3).Select(r => r["label"]));
        Assert.Equal(Outcome(0) == "yes" ? "1" : "0", rows[0]["label"]);

        // Without ids (each row is row-N, N counting records, not lines) and with no label given: no label column.
        var noIds = new List<string> { table[0].Replace(",outcome", ",note,osteoporosis") };
        for (int i = 0; i < 4; i++)
        {
            string note = i == 0 ? "\"two\nlines\"" : "";
            noIds.Add($"{data[i][..data[i].LastIndexOf(',')]},{note},{(i == 1 ? "NA" : "")}");
        }
        File.WriteAllText(folder.File("no-ids.csv"), string.Join("\n", noIds) + "\n");
        (header, rows) = AssertSameRows(tabular.Zip, folder.File("no-ids.csv"), folder, app, withImages: false);
        Assert.DoesNotContain("label", header);
        Assert.Equal(["row-2", "row-3", "row-4", "row-5"], rows.Select(r => r["patient_id"]));
    }

    /// <summary>An unclosed quote, text after a closing quote, a row of the wrong length, a label that is not one:
    /// exit 2 naming the row (and column), no output; predict refuses each too.</summary>
    private void AssertBadCsvsAreExit2(TempFolder folder, string app)
    {
        string[] table = File.ReadAllLines(tabular.Csv);
        string good = table[1][..table[1].LastIndexOf(',')];
        string head = table[0].Replace(",outcome", ",note,osteoporosis");
        foreach (
            var (csv, message) in new[]
            {
                (
                    $"{head}\n{good},,1\n{good},\"unclosed,1\n",
                    "row 3, column 'note': a quoted cell has no closing quote"
                ),
                ($"{head}\n{good},\"a\"b,1\n", "row 2, column 'note': text after a quoted cell's closing quote"),
                ($"{head}\n{good},,1,extra\n", "row 2: 8 cells, but the header has 7"),
                ($"{head}\n{good},,maybe\n", "row 2: column 'osteoporosis': label 'maybe' is not one of"),
            }
        )
        {
            File.WriteAllText(folder.File("bad.csv"), csv);
            var (code, text) = DotnetExit(
                folder.File("app-tmp"),
                app,
                folder.File("bad.csv"),
                folder.File("bad-out.csv")
            );
            Assert.True(code == 2, $"exit {code}: {text}");
            Assert.Contains(message, text);
            Assert.False(File.Exists(folder.File("bad-out.csv")));
            // predict refuses the same file.
            Assert.Equal(
                2,
                Cli(
                    "predict",
                    "--model",
                    tabular.Zip,
                    "--data",
                    folder.File("bad.csv"),
                    "--out",
                    folder.File("bad-predict.csv")
                ).Code
            );
        }
    }

    /// <summary>Builds the generated project and checks it against predict on <paramref name="csv"/>: the app.</summary>
    private string AssertReproducesPredict(string zip, string csv, TempFolder folder, bool withImages)
    {
        string app = Build(zip, folder, withReadmeExample: withImages);
        var (header, _) = AssertSameRows(zip, csv, folder, app, withImages);
        // The fixture's cohort has an osteoporosis column; the tabular table's label is 'outcome'.
        Assert.Equal(withImages, header.Contains("label"));
        // The app disposed the zip: no unpacked ONNX graph is left in its temp folder, at most ONNX Runtime's own
        // session file (one per folder, whatever the number of loads; OnnxRuntimeSessionFile).
        Assert.All(
            Directory.EnumerateFileSystemEntries(folder.File("app-tmp"), "*", SearchOption.AllDirectories),
            entry => Assert.Equal(".ses", Path.GetFileName(entry))
        );
        if (withImages)
        {
            AssertRefusesDicom(folder, csv, app);
            AssertWarnsOfUnseenCategories(folder, csv, app);
        }
        return app;
    }

    /// <summary>
    /// "female" for "F" counts as blank in the zip: the app warns, as predict does, naming the column and the spellings
    /// seen at training, counted and without patient data; it still scores (exit 0).
    /// </summary>
    private static void AssertWarnsOfUnseenCategories(TempFolder folder, string csv, string app)
    {
        string[] lines = File.ReadAllLines(csv);
        string[] header = lines[0].Split(',');
        int sex = Array.IndexOf(header, "sex"),
            image = Array.IndexOf(header, "image");
        string cohort = Path.GetDirectoryName(csv)!;
        string[] Row(string line)
        {
            string[] cells = line.Split(',');
            cells[sex] = cells[sex] == "F" ? "female" : cells[sex];
            cells[image] = Path.Combine(cohort, cells[image]); // the app takes an absolute film as given
            return cells;
        }
        string renamed = folder.File("female.csv");
        File.WriteAllLines(renamed, [lines[0], .. lines[1..6].Select(l => string.Join(',', Row(l)))]);
        int females = lines[1..6].Count(l => l.Split(',')[sex] == "F");
        Assert.True(females > 0, "the first five rows hold no woman");

        var (code, text) = DotnetExit(folder.File("app-tmp"), app, renamed, folder.File("female.app.csv"));

        Assert.True(code == 0, text);
        Assert.Contains(
            $"warning: sex: 'female' was not seen at training (F, M); the zip reads it as blank. ({females} rows)",
            text
        );

        // --strict: Scorer.Strict refuses the row instead (exit 2, no output written).
        string strictOut = folder.File("female.strict.csv");
        var (strictCode, strictText) = DotnetExit(folder.File("app-tmp"), app, renamed, strictOut, "--strict");
        Assert.True(strictCode == 2, strictText);
        Assert.Contains("sex: 'female' was not seen at training", strictText);
        Assert.False(File.Exists(strictOut));
    }

    /// <summary>Generates the project for <paramref name="zip"/> and builds it: the app's dll.</summary>
    private string Build(string zip, TempFolder folder, bool withReadmeExample)
    {
        Assert.Equal(0, Cli("codegen", "--model", zip, "--out", folder.File("osteoml-app")).Code);
        if (withReadmeExample)
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
        return folder.File(Path.Combine("bin", "OsteomlApp.dll"));
    }

    /// <summary>
    /// Scores <paramref name="csv"/> with predict and with the app: the same columns in the same order, the same ids,
    /// films, decisions and labels, probabilities within 1e-6. Returns the app's output.
    /// </summary>
    private (string[] Header, List<Dictionary<string, string>> Rows) AssertSameRows(
        string zip,
        string csv,
        TempFolder folder,
        string app,
        bool withImages
    )
    {
        string name = Path.GetFileNameWithoutExtension(csv);
        string predicted = folder.File($"{name}.predict.csv"),
            scored = folder.File($"{name}.app.csv");
        var (code, text) = Cli("predict", "--model", zip, "--data", csv, "--out", predicted);
        Assert.True(code == 0, text);
        var clock = Stopwatch.StartNew();
        Dotnet(folder.File("app-tmp"), app, csv, scored);
        output.WriteLine($"generated app: {clock.Elapsed.TotalSeconds:F1} s");

        var (expectedHeader, expected) = ReadCsv(predicted);
        var (header, actual) = ReadCsv(scored);
        Assert.Equal(expectedHeader, header);
        Assert.Equal(withImages, header.Contains("image"));
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            foreach (string column in header)
            {
                if (!Probabilities.Contains(column))
                {
                    Assert.Equal(expected[i][column], actual[i][column]);
                }
                else if (expected[i][column].Length == 0)
                {
                    Assert.Equal("", actual[i][column]);
                }
                else
                {
                    Assert.InRange(Math.Abs(Number(expected[i][column]) - Number(actual[i][column])), 0, 1e-6);
                }
            }
        }
        return (header, actual);
    }

    /// <summary>The zip cannot decode DICOM: the app says so (exit 2) instead of scoring a film wrongly.</summary>
    private static void AssertRefusesDicom(TempFolder folder, string csv, string app)
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
            app,
            folder.File(Path.Combine("dicom", "cohort.csv")),
            folder.File(Path.Combine("dicom", "out.csv"))
        );

        Assert.Equal(2, code);
        Assert.Contains("row 2: column 'image': a DICOM film", text);
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
        string[] lines = section.Split("```csharp\n")[1].Split("```")[0].Split('\n');
        // `using OsteomlApp;` is a directive (the file's top), `using var scorer = …` a statement (the method's body).
        bool Directive(string line) => Regex.IsMatch(line, @"^using [\w.]+;");
        string directives = string.Join('\n', lines.Where(Directive));
        string body = string.Join('\n', lines.Where(l => !Directive(l)));
        return $"{directives}\n\nnamespace Example;\n\ninternal static class ReadmeExample\n{{\n    public static void Run()\n    {{\n{body}    }}\n}}\n";
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

    /// <summary>A predictions CSV's header and its rows by column name, read by Sylvan (as predict reads CSVs).</summary>
    private static (string[] Header, List<Dictionary<string, string>> Rows) ReadCsv(string path)
    {
        using var csv = Sylvan.Data.Csv.CsvDataReader.Create(path);
        string[] header = [.. Enumerable.Range(0, csv.FieldCount).Select(csv.GetName)];
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
        {
            Assert.Equal(header.Length, csv.RowFieldCount);
            rows.Add(header.Select((column, i) => (column, csv.GetString(i))).ToDictionary());
        }
        return (header, rows);
    }

    private static double Number(string cell) =>
        cell.Length == 0 ? double.NaN : double.Parse(cell, CultureInfo.InvariantCulture);
}
