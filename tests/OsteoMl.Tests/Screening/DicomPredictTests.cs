using OsteoMl.Cli;
using OsteoMl.Tests.Pacs;
using OsteoMl.Tests.Workflows;
using Spectre.Console.Testing;

namespace OsteoMl.Tests.Screening;

/// <summary>
/// <c>predict --dicom DIR</c>: DICOM films scored from their header alone give exactly predict's image probability on
/// the same pixels, every ineligible film its reason, an unreadable one an error, and no patient identifier.
/// </summary>
public sealed class DicomPredictTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    [Fact]
    public void Given_a_folder_of_dicom_films_Then_each_gets_a_score_or_a_reason_and_scores_equal_predict()
    {
        using var folder = new TempFolder();
        var films = ScreeningFilms.From(fixture, count: 5, tag: nameof(DicomPredictTests));
        Directory.CreateDirectory(folder.File("films/sub"));
        int n = 0;
        foreach (byte[] file in films.All)
        {
            // Names without .dcm too: DICOM is recognised by its content.
            File.WriteAllBytes(folder.File(n % 2 == 0 ? $"films/f{n++:D2}.dcm" : $"films/sub/f{n++:D2}"), file);
        }
        File.WriteAllText(folder.File("films/notes.txt"), "not a film");

        var (code, output) = Run(
            "predict",
            "--model",
            fixture.ModelPath,
            "--dicom",
            folder.File("films"),
            "--out",
            folder.File("dicom.csv")
        );
        var (csvCode, _) = Run(
            "predict",
            "--model",
            fixture.ModelPath,
            "--data",
            fixture.CsvPath,
            "--out",
            folder.File("csv.csv")
        );

        Assert.Equal((0, 0), (code, csvCode));
        Assert.Contains("5 scored", output);
        Assert.Contains("not for ruling out", output);
        var rows = Rows(folder.File("dicom.csv")).ToDictionary(r => r["sop_instance_uid"]);
        var reference = Rows(folder.File("csv.csv"));
        for (int i = 0; i < films.Eligible.Count; i++)
        {
            var row = rows[films.Eligible[i].SopUid];
            Assert.Equal(("scored", "image-only"), (row["status"], row["basis"]));
            Assert.Equal(reference[i]["p_image"], row["p_image"]);
        }
        foreach (var (reason, film) in films.Ineligible)
        {
            Assert.Equal(("ineligible", reason), (rows[film.SopUid]["status"], rows[film.SopUid]["reason"]));
            Assert.Equal("", rows[film.SopUid]["p_image"]);
        }
        Assert.Equal("error", rows[films.Broken.SopUid]["status"]);
        Assert.Equal(films.All.Count(), rows.Count);
        string text = File.ReadAllText(folder.File("dicom.csv"));
        Assert.DoesNotContain("SYN-", text);
        Assert.DoesNotContain("SYNTHETIC", text);
    }

    [Fact]
    public void Given_a_csv_whose_sex_disagrees_with_a_dicom_header_Then_predict_warns_naming_the_film_only()
    {
        using var folder = new TempFolder();
        OsteoMl.Simulation.CohortSimulator.Generate(
            folder.Path,
            4,
            seed: 12,
            OsteoMl.Simulation.SiteProfile.A,
            new OsteoMl.Simulation.SimulationOptions { Dicom = true }
        );
        string csv = folder.File("cohort.csv");
        string[] lines = File.ReadAllLines(csv);
        string[] header = lines[0].Split(',');
        string[] first = lines[1].Split(',');
        int sex = Array.IndexOf(header, "sex");
        first[sex] = first[sex] == "F" ? "M" : "F";
        lines[1] = string.Join(',', first);
        File.WriteAllLines(csv, lines);

        var (code, output) = Run("predict", "--model", fixture.ModelPath, "--data", csv, "--out", folder.File("p.csv"));

        Assert.Equal(0, code);
        string film = first[Array.IndexOf(header, "image")];
        Assert.Contains($"{film}: the CSV's sex disagrees with the DICOM header's", output);
        Assert.Single(output.Split('\n'), l => l.Contains("disagrees", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_a_csv_without_age_and_sex_Then_predict_and_evaluate_take_them_from_the_dicom_headers()
    {
        using var folder = new TempFolder();
        OsteoMl.Simulation.CohortSimulator.Generate(
            folder.Path,
            12,
            seed: 21,
            OsteoMl.Simulation.SiteProfile.A,
            new OsteoMl.Simulation.SimulationOptions { Dicom = true }
        );
        string[] lines = File.ReadAllLines(folder.File("cohort.csv"));
        string[] header = lines[0].Split(',');
        int age = Array.IndexOf(header, "age"),
            sex = Array.IndexOf(header, "sex");
        // The reference: the CSV's own columns, age as the header gives it (completed years).
        File.WriteAllLines(
            folder.File("with.csv"),
            lines.Select(
                (line, i) =>
                {
                    string[] cells = line.Split(',');
                    if (i > 0)
                    {
                        cells[age] = Math.Floor(
                                double.Parse(cells[age], System.Globalization.CultureInfo.InvariantCulture)
                            )
                            .ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }
                    return string.Join(',', cells);
                }
            )
        );
        File.WriteAllLines(
            folder.File("without.csv"),
            lines.Select(line => string.Join(',', line.Split(',').Where((_, c) => c != age && c != sex)))
        );

        var (code, output) = Run(
            "predict",
            "--model",
            fixture.ModelPath,
            "--data",
            folder.File("without.csv"),
            "--out",
            folder.File("p1.csv")
        );
        var (reference, _) = Run(
            "predict",
            "--model",
            fixture.ModelPath,
            "--data",
            folder.File("with.csv"),
            "--out",
            folder.File("p2.csv")
        );
        var (evaluate, evaluation) = Run(
            "evaluate",
            "--model",
            fixture.ModelPath,
            "--data",
            folder.File("without.csv"),
            "--report",
            folder.File("report")
        );

        Assert.Equal((0, 0, 0), (code, reference, evaluate));
        Assert.Contains("taken from each film's DICOM header", output);
        Assert.Equal(File.ReadAllLines(folder.File("p2.csv")), File.ReadAllLines(folder.File("p1.csv")));
        Assert.Contains("AUC", evaluation);
    }

    [Fact]
    public void Data_and_dicom_together_are_refused_with_exit_2()
    {
        using var folder = new TempFolder();
        var (code, output) = Run(
            "predict",
            "--model",
            fixture.ModelPath,
            "--dicom",
            folder.Path,
            "--data",
            fixture.CsvPath
        );

        Assert.Equal(2, code);
        Assert.Contains("--data or --dicom", output);
    }

    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 250;
        int code = CliApp.Run(args, console);
        return (code, console.Output);
    }

    /// <summary>A CSV's rows by column name (none of these cells is quoted).</summary>
    private static List<Dictionary<string, string>> Rows(string path)
    {
        string[] lines = File.ReadAllLines(path);
        string[] header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(x => x.First, x => x.Second))];
    }
}
