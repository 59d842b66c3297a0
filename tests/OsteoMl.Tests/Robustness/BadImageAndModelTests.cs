using System.IO.Compression;
using OsteoMl.Cli;
using OsteoMl.Tests.Workflows;
using Spectre.Console.Testing;

namespace OsteoMl.Tests.Robustness;

/// <summary>Broken images and broken or mismatched model zips → exit code 2 naming the file, nothing written.</summary>
[Collection(TempFolderCountingCollection.Name)]
public sealed class BadImageAndModelTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 400;
        int code = CliApp.Run(args, console);
        return (code, console.Output.Replace("\n", " ", StringComparison.Ordinal));
    }

    /// <summary>
    /// A copy of the fixture's cohort with the first image replaced by <paramref name="bytes"/> (or its path by
    /// <paramref name="path"/>).
    /// </summary>
    private string CohortWith(TempFolder folder, Func<byte[], byte[]>? bytes = null, string? path = null)
    {
        string target = folder.File("cohort");
        Directory.CreateDirectory(Path.Combine(target, "images"));
        foreach (string file in Directory.GetFiles(Path.Combine(fixture.CohortFolder, "images")))
        {
            File.Copy(file, Path.Combine(target, "images", Path.GetFileName(file)));
        }
        string[] lines = File.ReadAllLines(fixture.CsvPath);
        string[] first = lines[1].Split(',');
        string image = Path.Combine(target, first[1]);
        if (bytes is not null)
        {
            File.WriteAllBytes(image, bytes(File.ReadAllBytes(image)));
        }
        if (path is not null)
        {
            first[1] = path;
            lines[1] = string.Join(',', first);
        }
        File.WriteAllLines(Path.Combine(target, "cohort.csv"), lines);
        return target;
    }

    public static TheoryData<string, string> BrokenImages =>
        new()
        {
            { "zero", "empty (0 bytes)" },
            { "truncated", "truncated or corrupt" },
            { "garbage", "not a readable PNG or JPEG" },
            { "bomb", "megapixel limit" },
        };

    [Theory]
    [MemberData(nameof(BrokenImages))]
    public void Given_a_broken_image_When_predicting_Then_exit_2_names_the_row_and_the_file(
        string kind,
        string expected
    )
    {
        using var folder = new TempFolder();
        string cohort = CohortWith(
            folder,
            bytes =>
                kind switch
                {
                    "zero" => [],
                    "truncated" => bytes[..(bytes.Length / 2)],
                    "garbage" => [.. Enumerable.Range(0, 4000).Select(i => (byte)(i * 31))],
                    _ => Bomb(),
                }
        );

        var (code, output) = Run(
            "predict",
            "--model",
            fixture.ModelPath,
            "--data",
            cohort,
            "--out",
            folder.File("p.csv")
        );

        Assert.Equal(2, code);
        Assert.Contains(expected, output);
        Assert.Contains("line 2", output);
        Assert.False(File.Exists(folder.File("p.csv")));
    }

    [Fact]
    public void Given_image_paths_that_escape_the_data_folder_When_predicting_Then_exit_2_unless_allowed()
    {
        using var folder = new TempFolder();
        string outside = folder.File("outside.png");
        File.Copy(Directory.GetFiles(Path.Combine(fixture.CohortFolder, "images"))[0], outside);
        string dotDot = CohortWith(folder, path: "../outside.png");

        var (dotDotCode, dotDotOutput) = Run(
            "predict",
            "--model",
            fixture.ModelPath,
            "--data",
            dotDot,
            "--out",
            folder.File("p.csv")
        );

        Assert.Equal(2, dotDotCode);
        Assert.Contains("outside the CSV's folder", dotDotOutput);

        using var other = new TempFolder();
        string linked = CohortWith(other, path: "images/link.png");
        File.CreateSymbolicLink(Path.Combine(linked, "images", "link.png"), outside);
        var (linkCode, linkOutput) = Run(
            "predict",
            "--model",
            fixture.ModelPath,
            "--data",
            linked,
            "--out",
            other.File("p.csv")
        );

        Assert.Equal(2, linkCode);
        Assert.Contains("symbolic link", linkOutput);

        var (absoluteCode, absoluteOutput) = Run(
            "predict",
            "--model",
            fixture.ModelPath,
            "--data",
            CohortWith(new TempFolder(), path: outside),
            "--out",
            other.File("p.csv")
        );
        Assert.Equal(2, absoluteCode);
        Assert.Contains("absolute image path", absoluteOutput);
    }

    [Fact]
    public void Given_a_missing_image_When_predicting_Then_exit_2_names_it()
    {
        using var folder = new TempFolder();
        string cohort = CohortWith(folder, path: "images/none.png");

        var (code, output) = Run(
            "predict",
            "--model",
            fixture.ModelPath,
            "--data",
            cohort,
            "--out",
            folder.File("p.csv")
        );

        Assert.Equal(2, code);
        Assert.Contains("'images/none.png' not found", output);
    }

    [Theory]
    [InlineData("random")]
    [InlineData("foreign-zip")]
    [InlineData("truncated")]
    public void Given_a_corrupt_or_foreign_model_zip_When_predicting_or_evaluating_Then_exit_2_and_no_temp_files_remain(
        string kind
    )
    {
        using var folder = new TempFolder();
        string zip = folder.File("bad.zip");
        switch (kind)
        {
            case "random":
                File.WriteAllBytes(zip, [.. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7))]);
                break;
            case "foreign-zip":
                using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
                {
                    using var writer = new StreamWriter(archive.CreateEntry("hello.txt").Open());
                    writer.Write("not a model");
                }
                break;
            default:
                byte[] model = File.ReadAllBytes(fixture.ModelPath);
                File.WriteAllBytes(zip, model[..(model.Length / 3)]);
                break;
        }
        int scratchBefore = Directory
            .GetDirectories(Path.GetTempPath(), OsteoMl.Model.OsteoMlModel.ScratchPrefix + "*")
            .Length;

        var (predictCode, predictOutput) = Run(
            "predict",
            "--model",
            zip,
            "--data",
            fixture.CohortFolder,
            "--out",
            folder.File("p.csv")
        );
        var (evaluateCode, _) = Run(
            "evaluate",
            "--model",
            zip,
            "--data",
            fixture.CohortFolder,
            "--report",
            folder.File("r")
        );

        Assert.Equal(2, predictCode);
        Assert.Equal(2, evaluateCode);
        Assert.Contains("bad.zip", predictOutput);
        Assert.False(File.Exists(folder.File("p.csv")));
        Assert.Equal(
            scratchBefore,
            Directory.GetDirectories(Path.GetTempPath(), OsteoMl.Model.OsteoMlModel.ScratchPrefix + "*").Length
        );
    }

    [Fact]
    public void Given_a_csv_without_a_column_the_model_was_trained_on_When_predicting_Then_exit_2_names_the_column()
    {
        using var folder = new TempFolder();
        string cohort = CohortWith(folder);
        string csv = Path.Combine(cohort, "cohort.csv");
        string[] lines = File.ReadAllLines(csv);
        int ageIndex = Array.IndexOf(lines[0].Split(','), "age");
        File.WriteAllLines(csv, lines.Select(l => string.Join(',', l.Split(',').Where((_, i) => i != ageIndex))));

        var (code, output) = Run(
            "predict",
            "--model",
            fixture.ModelPath,
            "--data",
            cohort,
            "--out",
            folder.File("p.csv")
        );

        Assert.Equal(2, code);
        Assert.Contains("'age'", output);
    }

    [Fact]
    public void Given_a_loaded_model_When_disposed_Then_the_unpacked_onnx_copies_are_gone()
    {
        string[] before = Directory.GetDirectories(Path.GetTempPath(), OsteoMl.Model.OsteoMlModel.ScratchPrefix + "*");
        string scratch;
        using (OsteoMl.Model.OsteoMlModel.Load(fixture.ModelPath))
        {
            scratch = Assert.Single(
                Directory
                    .GetDirectories(Path.GetTempPath(), OsteoMl.Model.OsteoMlModel.ScratchPrefix + "*")
                    .Except(before)
            );
            Assert.NotEmpty(Directory.GetFiles(scratch, "*", SearchOption.AllDirectories));
        }

        Assert.False(Directory.Exists(scratch));
    }

    /// <summary>
    /// A decompression bomb: a valid 9000 × 9000 grey PNG (81 megapixels, 81 MB decoded) that is about 80 kB on disk.
    /// </summary>
    private static byte[] Bomb()
    {
        const int side = 9000;
        using var idat = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionLevel.Optimal, leaveOpen: true))
        {
            byte[] row = new byte[side + 1]; // filter byte 0 + black pixels
            for (int y = 0; y < side; y++)
            {
                zlib.Write(row);
            }
        }
        using var png = new MemoryStream();
        png.Write(PngChunks.Signature);
        PngChunks.Write(png, "IHDR", PngChunks.Header(side, side, 8));
        PngChunks.Write(png, "IDAT", idat.ToArray());
        PngChunks.Write(png, "IEND", []);
        return png.ToArray();
    }
}
