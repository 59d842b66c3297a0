using System.IO.Compression;
using System.Text.Json;
using OsteoMl.Cli;
using OsteoMl.Data;
using OsteoMl.Monitoring;
using Spectre.Console.Testing;

namespace OsteoMl.Tests.Monitoring;

/// <summary>
/// <c>osteoml monitor</c> on score files (predict outputs): the verb reads only the zip's drift reference there, so a
/// zip holding just that entry is enough and no model is trained.
/// </summary>
public sealed class MonitorCliTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 200;
        return (CliApp.Run(args, console), console.Output);
    }

    /// <summary>A zip whose reference says p_fused ~ uniform on [0, 1] in 10 bins of 100, 30 % flagged.</summary>
    private string ZipWithReference()
    {
        string zip = _folder.File("model.zip");
        using (ZipFile.Open(zip, ZipArchiveMode.Create)) { }
        double[] uniform = [.. Enumerable.Range(0, 1000).Select(i => (i + 0.5) / 1000)];
        new DriftReference
        {
            InputsOn = "test",
            ScoresOn = "test",
            Inputs =
            [
                DriftHistogram.Categorical("sex", [.. Enumerable.Repeat("F", 700), .. Enumerable.Repeat("M", 300)]),
            ],
            Scores = [DriftHistogram.Numeric("p_fused", uniform)],
            DecidedScore = "p_fused",
            Threshold = 0.7,
            ScoredPatients = 1000,
            Flagged = 300,
        }.WriteInto(zip);
        return zip;
    }

    private string Predictions(Func<int, double> score, int rows = 400)
    {
        string csv = _folder.File($"predictions-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(
            csv,
            [
                "patient_id,p_image,p_clinical,p_fused,p_logistic,predicted",
                .. Enumerable
                    .Range(0, rows)
                    .Select(i => $"P{i},,0.5,{score(i):0.0000},0.5,{(score(i) >= 0.7 ? 1 : 0)}"),
            ]
        );
        return csv;
    }

    [Fact]
    public void Given_a_predict_output_like_the_reference_When_monitoring_Then_exit_0_and_the_alarms_list_is_empty()
    {
        string json = _folder.File("monitor.json");

        var (code, output) = Run(
            "monitor",
            "--model",
            ZipWithReference(),
            "--data",
            Predictions(i => (i + 0.5) / 400),
            "--out",
            json
        );

        Assert.True(code == 0, output);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(0, report.RootElement.GetProperty("alarms").GetArrayLength());
        Assert.Contains("No alarms", output);
    }

    [Fact]
    public void Given_scores_shifted_upwards_When_monitoring_Then_exit_0_with_p_fused_and_flagged_rate_alarms()
    {
        string json = _folder.File("monitor.json");

        var (code, output) = Run(
            "monitor",
            "--model",
            ZipWithReference(),
            "--data",
            Predictions(i => 0.5 + (i + 0.5) / 800),
            "--out",
            json
        );

        Assert.True(code == 0, output);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        string[] subjects =
        [
            .. report
                .RootElement.GetProperty("alarms")
                .EnumerateArray()
                .Select(a => a.GetProperty("subject").GetString()!),
        ];
        Assert.Contains("p_fused", subjects);
        Assert.Contains("flagged_rate", subjects);
        Assert.DoesNotContain("P1", File.ReadAllText(json));
    }

    /// <summary>
    /// A pacs worklist as the worker writes it: fused-basis films are monitored (p_fused and the flag), image-only and
    /// ineligible films are skipped (their decision is not the reference's), and nothing of a patient reaches the report.
    /// </summary>
    [Fact]
    public void Given_a_pacs_worklist_When_monitoring_Then_only_its_fused_basis_films_are_counted()
    {
        string path = _folder.File("worklist.csv");
        var worklist = OsteoMl.Pacs.WorklistFile.Open(path);
        for (int i = 0; i < 200; i++)
        {
            double p = (i + 0.5) / 200;
            worklist.Append(
                new OsteoMl.Pacs.WorklistRow(
                    $"1.2.{i}",
                    $"1.2.{i}.1",
                    $"PID-{i}",
                    OsteoMl.Pacs.WorklistStatus.Scored,
                    "",
                    p,
                    0.4,
                    "fused",
                    p >= 0.7
                )
            );
        }
        worklist.Append(
            new OsteoMl.Pacs.WorklistRow(
                "1.3",
                "1.3.1",
                "PID-X",
                OsteoMl.Pacs.WorklistStatus.Scored,
                "",
                null,
                0.9,
                "image-only",
                true
            )
        );
        worklist.Append(
            new OsteoMl.Pacs.WorklistRow(
                "1.4",
                "1.4.1",
                "PID-Y",
                OsteoMl.Pacs.WorklistStatus.Ineligible,
                "modality",
                null,
                null,
                "",
                null
            )
        );
        string json = _folder.File("monitor.json");

        var (code, output) = Run("monitor", "--model", ZipWithReference(), "--data", path, "--out", json);

        Assert.True(code == 0, output);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(200, report.RootElement.GetProperty("rows").GetInt32());
        Assert.Equal(0, report.RootElement.GetProperty("alarms").GetArrayLength());
        Assert.DoesNotContain("PID-", File.ReadAllText(json));
    }

    [Fact]
    public void Given_a_zip_without_a_drift_reference_When_monitoring_Then_exit_2_says_to_retrain()
    {
        string zip = _folder.File("old.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            archive.CreateEntry("OsteoMl/model_card.json");
        }

        var (code, output) = Run(
            "monitor",
            "--model",
            zip,
            "--data",
            Predictions(i => 0.5),
            "--out",
            _folder.File("m.json")
        );

        Assert.Equal(2, code);
        Assert.Contains("retrain", output);
        Assert.False(File.Exists(_folder.File("m.json")));
    }

    [Fact]
    public void Given_a_score_that_is_not_a_probability_When_monitoring_Then_exit_2_names_the_line_and_column()
    {
        string csv = Predictions(i => 0.5);
        var lines = File.ReadAllLines(csv);
        lines[3] = "P2,,0.5,high,0.5,1";
        File.WriteAllLines(csv, lines);

        var (code, output) = Run(
            "monitor",
            "--model",
            ZipWithReference(),
            "--data",
            csv,
            "--out",
            _folder.File("m.json")
        );

        Assert.Equal(2, code);
        Assert.Contains("line 4", output);
        Assert.Contains("p_fused", output);
    }
}
