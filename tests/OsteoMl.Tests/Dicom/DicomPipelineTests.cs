using OsteoMl.Cli;
using OsteoMl.Tests.Workflows;
using SkiaSharp;
using Spectre.Console.Testing;

namespace OsteoMl.Tests.Dicom;

/// <summary>DICOM films flow through predict like PNGs, and inspect never prints patient fields.</summary>
public sealed class DicomPipelineTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    [Fact]
    public void Given_a_csv_whose_images_are_dicom_When_predicting_Then_scores_equal_those_of_the_same_films_as_png()
    {
        using var folder = new TempFolder();
        string[] lines = File.ReadAllLines(fixture.CsvPath);
        int imageColumn = Array.IndexOf(lines[0].Split(','), "image");
        Directory.CreateDirectory(folder.File("dicom"));
        var converted = new List<string> { lines[0] };
        foreach (string line in lines.Skip(1).Take(8))
        {
            string[] fields = line.Split(',');
            using var png = SKBitmap
                .Decode(Path.Combine(fixture.CohortFolder, fields[imageColumn]))
                .Copy(SKColorType.Gray8);
            string name = Path.GetFileNameWithoutExtension(fields[imageColumn]) + ".dcm";
            DicomWriter.Write(folder.File(Path.Combine("dicom", name)), png.Bytes, png.Width, png.Height);
            fields[imageColumn] = "dicom/" + name;
            converted.Add(string.Join(',', fields));
        }
        File.WriteAllLines(folder.File("cohort.csv"), converted);
        File.WriteAllLines(folder.File("png.csv"), lines.Take(9).Select(l => l));
        foreach (string image in Directory.GetDirectories(fixture.CohortFolder))
        {
            CopyFolder(image, folder.File(Path.GetFileName(image)));
        }

        var console = new TestConsole();
        Assert.Equal(
            0,
            CliApp.Run(
                [
                    "predict",
                    "--model",
                    fixture.ModelPath,
                    "--data",
                    folder.File("cohort.csv"),
                    "--out",
                    folder.File("dicom.csv"),
                ],
                console
            )
        );
        Assert.Equal(
            0,
            CliApp.Run(
                [
                    "predict",
                    "--model",
                    fixture.ModelPath,
                    "--data",
                    folder.File("png.csv"),
                    "--out",
                    folder.File("png-out.csv"),
                ],
                console
            )
        );

        string[] fromDicom = File.ReadAllLines(folder.File("dicom.csv")),
            fromPng = File.ReadAllLines(folder.File("png-out.csv"));
        Assert.Equal(9, fromDicom.Length);
        for (int i = 1; i < fromDicom.Length; i++)
        {
            double[] a = fromDicom[i].Split(",")[2..5].Select(double.Parse).ToArray(),
                b = fromPng[i].Split(",")[2..5].Select(double.Parse).ToArray();
            Assert.True(a.Zip(b).All(p => Math.Abs(p.First - p.Second) <= 1e-5), $"{fromDicom[i]} vs {fromPng[i]}");
        }
    }

    [Fact]
    public void Given_a_dicom_with_a_patient_name_When_inspecting_Then_the_name_is_never_printed_and_the_picture_is_written()
    {
        using var folder = new TempFolder();
        byte[] pixels = [.. Enumerable.Range(0, 64 * 64).Select(i => (byte)(i % 256))];
        DicomWriter.Write(folder.File("film.dcm"), pixels, 64, 64, patientName: "Doe^Jane");
        var console = new TestConsole();

        int code = CliApp.Run(["inspect", folder.File("film.dcm"), "--out", folder.File("film.png")], console);

        Assert.Equal(0, code);
        Assert.DoesNotContain("Doe", console.Output);
        Assert.Contains("Explicit VR Little Endian", console.Output);
        using var written = SKBitmap.Decode(folder.File("film.png"));
        Assert.Equal(64, written.Width);
    }

    [Fact]
    public void Given_an_unsupported_dicom_in_a_csv_When_predicting_Then_exit_2_names_the_row_and_syntax()
    {
        using var folder = new TempFolder();
        string[] lines = File.ReadAllLines(fixture.CsvPath);
        int imageColumn = Array.IndexOf(lines[0].Split(','), "image");
        File.Copy(
            Path.Combine(AppContext.BaseDirectory, "Fixtures", "Dicom", "JPEG-lossy.dcm"),
            folder.File("jpeg.dcm")
        );
        string[] fields = lines[1].Split(',');
        fields[imageColumn] = "jpeg.dcm";
        File.WriteAllLines(folder.File("cohort.csv"), [lines[0], string.Join(',', fields)]);
        var console = new TestConsole();
        console.Profile.Width = 400;

        int code = CliApp.Run(
            [
                "predict",
                "--model",
                fixture.ModelPath,
                "--data",
                folder.File("cohort.csv"),
                "--out",
                folder.File("p.csv"),
            ],
            console
        );

        Assert.Equal(2, code);
        Assert.Contains("line 2", console.Output);
        Assert.Contains("JPEG Extended", console.Output);
    }

    private static void CopyFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (string file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }
}
