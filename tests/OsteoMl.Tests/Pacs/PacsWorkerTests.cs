using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OsteoMl.Data;
using OsteoMl.Model;
using OsteoMl.Pacs;
using OsteoMl.Tests.Screening;
using OsteoMl.Tests.Workflows;

namespace OsteoMl.Tests.Pacs;

/// <summary>
/// The PACS worker against a real Orthanc and the trained fixture's zip: one SR per eligible film whose probability
/// equals <c>predict</c> on the same film, a reason for every other film, and nothing lost or done twice across
/// reruns, a lost state file, an Orthanc restart and <c>kill -9</c>.
/// </summary>
public sealed class PacsWorkerTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>, IDisposable
{
    private const string Jpeg2000Lossless = "1.2.840.10008.1.2.4.90";
    private readonly OrthancServer _server = new();
    private readonly TempFolder _folder = new();
    private readonly List<string> _log = [];

    public void Dispose()
    {
        _server.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Every_eligible_film_gets_one_report_equal_to_predict_and_every_other_film_a_reason()
    {
        var films = ScreeningFilms.From(
            fixture,
            count: 6,
            tag: nameof(Every_eligible_film_gets_one_report_equal_to_predict_and_every_other_film_a_reason)
        );
        await PushAsync(films.All);
        await StoreAsJpeg2000Async(films.Eligible[0].Dicom);

        var summary = await RunAsync();

        var rows = Worklist();
        double[] expected = ImageProbabilities(films.Eligible.Count);
        for (int i = 0; i < films.Eligible.Count; i++)
        {
            var row = rows[films.Eligible[i].SopUid];
            Assert.Equal("scored", row["status"]);
            Assert.Equal("image-only", row["basis"]); // the fixture's model needs more than age and sex
            Assert.Equal("", row["p_fused"]);
            Assert.Equal(
                expected[i],
                double.Parse(row["p_image"], System.Globalization.CultureInfo.InvariantCulture),
                6
            );
            Assert.True(await ReportExistsAsync(films.Eligible[i].SopUid));
        }
        foreach (var (code, film) in films.Ineligible)
        {
            Assert.Equal(("ineligible", code), (rows[film.SopUid]["status"], rows[film.SopUid]["reason"]));
            Assert.False(await ReportExistsAsync(film.SopUid));
        }
        Assert.Equal("error", rows[films.Broken.SopUid]["status"]);
        Assert.Equal(films.All.Count() + films.Eligible.Count, await InstanceCountAsync());
        Assert.Equal((6, 4, 1), (summary.Scored, summary.Ineligible, summary.Errors));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(WorklistPath));
        }
        Assert.DoesNotContain(
            _log,
            line =>
                line.Contains("SYNTHETIC", StringComparison.Ordinal) || line.Contains("SYN-", StringComparison.Ordinal)
        );
        AssertReportReadsBack(films.Eligible[1].SopUid, rows[films.Eligible[1].SopUid]["p_image"]);

        // Again, then without the state file and the worklist: no second report, the same rows.
        byte[] worklist = File.ReadAllBytes(WorklistPath);
        var again = await RunAsync();
        Assert.Equal(worklist, File.ReadAllBytes(WorklistPath));
        Assert.Equal(0, again.Seen);
        File.Delete(StatePath);
        File.Delete(WorklistPath);
        var lost = await RunAsync();
        Assert.Equal(films.Eligible.Count, lost.AlreadyReported);
        Assert.Equal(films.All.Count() + films.Eligible.Count, await InstanceCountAsync());
        Assert.Equal(rows.Keys.Order(), Worklist().Keys.Order());
    }

    [Fact]
    public async Task An_Orthanc_restart_mid_run_is_ridden_out_and_every_film_ends_with_one_report()
    {
        var films = ScreeningFilms.From(
            fixture,
            count: 6,
            tag: nameof(An_Orthanc_restart_mid_run_is_ridden_out_and_every_film_ends_with_one_report)
        );
        await PushAsync(films.Eligible.Select(f => f.Dicom));
        Task? restart = null;

        var summary = await RunAsync(
            batchSize: 2,
            onLog: line =>
            {
                if (restart is null && line.StartsWith("batch", StringComparison.Ordinal))
                {
                    _server.Stop();
                    restart = Task.Run(async () =>
                    {
                        await Task.Delay(TimeSpan.FromSeconds(2));
                        _server.Start();
                    });
                }
            }
        );

        Assert.NotNull(restart);
        await restart!;
        Assert.Contains(_log, line => line.Contains("connection refused", StringComparison.Ordinal));
        Assert.Equal(films.Eligible.Count, summary.Scored);
        Assert.Equal(2 * films.Eligible.Count, await InstanceCountAsync());
    }

    [Fact]
    public async Task Killed_with_SIGKILL_at_any_moment_then_rerun_every_film_ends_with_exactly_one_report()
    {
        var films = ScreeningFilms.From(
            fixture,
            count: 8,
            tag: nameof(Killed_with_SIGKILL_at_any_moment_then_rerun_every_film_ends_with_exactly_one_report)
        );
        await PushAsync(films.All);
        int pushed = films.All.Count();
        foreach (double seconds in new[] { 0.5, 2.5, 4.0 })
        {
            using (var child = StartCli())
            {
                await Task.Delay(TimeSpan.FromSeconds(seconds));
                child.Kill(); // SIGKILL: no clean-up of any kind
                await child.WaitForExitAsync();
            }
            Assert.InRange(await InstanceCountAsync(), pushed, pushed + films.Eligible.Count);
        }
        using (var child = StartCli())
        {
            string output = await child.StandardOutput.ReadToEndAsync();
            await child.WaitForExitAsync();
            Assert.True(child.ExitCode == 0, output + await child.StandardError.ReadToEndAsync());
        }

        Assert.Equal(pushed + films.Eligible.Count, await InstanceCountAsync());
        var rows = Worklist();
        Assert.Equal(pushed, rows.Count);
        Assert.All(films.Eligible, f => Assert.Equal("scored", rows[f.SopUid]["status"]));
        string[] lines = File.ReadAllLines(WorklistPath);
        Assert.Equal(lines.Length, lines.Distinct().Count());
    }

    [Fact]
    public async Task Following_the_feed_films_pushed_later_are_scored_until_the_worker_is_stopped()
    {
        var films = ScreeningFilms.From(
            fixture,
            count: 3,
            tag: nameof(Following_the_feed_films_pushed_later_are_scored_until_the_worker_is_stopped)
        );
        using var model = OsteoMlModel.Load(fixture.ModelPath);
        var card = ModelCard.Read(fixture.ModelPath);
        using var client = _server.Client();
        var options = new PacsWorkerOptions
        {
            WorklistPath = WorklistPath,
            StatePath = StatePath,
            PollInterval = TimeSpan.FromMilliseconds(200),
        };
        var worker = new PacsWorker(client, model, card, ModelIdentity.Of(fixture.ModelPath, card), options, _ => { });
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(running.IsCompleted);
        await PushAsync(films.Eligible.Select(f => f.Dicom));
        var clock = Stopwatch.StartNew();
        while (
            (!File.Exists(WorklistPath) || File.ReadAllLines(WorklistPath).Length < 4)
            && clock.Elapsed < TimeSpan.FromSeconds(60)
        )
        {
            await Task.Delay(200);
        }
        stop.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Equal(3, Worklist().Count);
        Assert.Equal(6, await InstanceCountAsync());
    }

    private string WorklistPath => _folder.File("worklist.csv");
    private string StatePath => _folder.File("state.json");

    private async Task<PacsRunSummary> RunAsync(int batchSize = 32, Action<string>? onLog = null)
    {
        using var model = OsteoMlModel.Load(fixture.ModelPath);
        var card = ModelCard.Read(fixture.ModelPath);
        using var client = _server.Client(onRetry: retry => Log(retry.ToString()));
        var options = new PacsWorkerOptions
        {
            WorklistPath = WorklistPath,
            StatePath = StatePath,
            Once = true,
            BatchSize = batchSize,
        };
        void Log(string line)
        {
            lock (_log)
            {
                _log.Add(line);
            }
            onLog?.Invoke(line);
        }
        var worker = new PacsWorker(client, model, card, ModelIdentity.Of(fixture.ModelPath, card), options, Log);
        return await worker.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(3));
    }

    private Process StartCli()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] args =
        [
            Path.Combine(AppContext.BaseDirectory, "OsteoMl.Cli.dll"),
            "pacs",
            "--url",
            _server.Url.ToString(),
            "--model",
            fixture.ModelPath,
            "--once",
            "--worklist",
            WorklistPath,
            "--state",
            StatePath,
        ];
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment[PacsCredentials.UserVariable] = _server.User;
        start.Environment[PacsCredentials.PasswordVariable] = _server.Password;
        return Process.Start(start)!;
    }

    private async Task PushAsync(IEnumerable<byte[]> files)
    {
        using var client = _server.Client();
        foreach (byte[] file in files)
        {
            await client.UploadAsync(file);
        }
    }

    /// <summary>Replaces a stored film by its JPEG 2000 copy (same UIDs), as archives often keep radiographs.</summary>
    private async Task StoreAsJpeg2000Async(byte[] film)
    {
        using var client = _server.Client();
        var upload = await client.UploadAsync(film);
        byte[] jpeg2000 = await client.GetTranscodedInstanceFileAsync(upload.Id, Jpeg2000Lossless);
        await client.DeleteInstanceAsync(upload.Id);
        await client.UploadAsync(jpeg2000);
        Assert.Equal(Jpeg2000Lossless, await client.GetInstanceTransferSyntaxAsync(upload.Id));
    }

    private async Task<bool> ReportExistsAsync(string filmSopUid)
    {
        using var client = _server.Client();
        string hash = ModelIdentity.Of(fixture.ModelPath, ModelCard.Read(fixture.ModelPath)).Hash;
        return await client.FindInstanceBySopInstanceUidAsync(ScreeningReports.ReportUid(filmSopUid, hash)) is not null;
    }

    private async Task<int> InstanceCountAsync()
    {
        using var http = new HttpClient { BaseAddress = _server.Url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_server.User}:{_server.Password}"))
        );
        using var json = JsonDocument.Parse(await http.GetStringAsync("instances"));
        return json.RootElement.GetArrayLength();
    }

    /// <summary>The reference: the zip's image probability of the cohort's first rows, read from the PNGs.</summary>
    private double[] ImageProbabilities(int count)
    {
        using var model = OsteoMlModel.Load(fixture.ModelPath);
        var cohort = CohortReader.Read(
            fixture.CsvPath,
            new CohortOptions { ExpectedColumns = model.ExpectedClinicalColumns, RequireLabel = false }
        );
        return [.. model.Score(cohort.Subset([.. Enumerable.Range(0, count)])).Select(p => (double)p.ImageProbability)];
    }

    /// <summary>The worklist's rows by SOP Instance UID (no cell of these films needs quoting).</summary>
    private Dictionary<string, Dictionary<string, string>> Worklist()
    {
        string[] lines = File.ReadAllLines(WorklistPath);
        string[] header = lines[0].Split(',');
        return lines
            .Skip(1)
            .Select(line => header.Zip(line.Split(',')).ToDictionary(x => x.First, x => x.Second))
            .ToDictionary(row => row["sop_instance_uid"]);
    }

    /// <summary>dcmtk reads the stored report, which names the film and carries the worklist's probability.</summary>
    private void AssertReportReadsBack(string filmSopUid, string probability)
    {
        using var client = _server.Client();
        string hash = ModelIdentity.Of(fixture.ModelPath, ModelCard.Read(fixture.ModelPath)).Hash;
        string id = client.FindInstanceBySopInstanceUidAsync(ScreeningReports.ReportUid(filmSopUid, hash)).Result!;
        string path = _folder.File("report.dcm");
        File.WriteAllBytes(path, client.GetInstanceFileAsync(id).Result);
        var dump = Dcmtk.Run("dsrdump", "+Pu", "+Pl", path);
        Assert.True(dump.ExitCode == 0 && dump.Errors.Length == 0, dump.Errors);
        Assert.Contains(filmSopUid, dump.Output);
        Assert.Contains("image-only", dump.Output);
        Assert.Contains("Not for ruling out osteoporosis; confirm with DXA", dump.Output);
        Assert.Contains(probability[..6], dump.Output);
    }
}
