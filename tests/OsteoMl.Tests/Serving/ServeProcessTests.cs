using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using OsteoMl.Tests.Workflows;

namespace OsteoMl.Tests.Serving;

/// <summary><c>osteoml serve</c> as a real process: it answers, and SIGTERM stops it cleanly (exit 0).</summary>
[Collection(OsteoMl.Tests.Cli.TimedProcessCollection.Name)]
public sealed class ServeProcessTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    [Fact]
    public async Task The_serve_process_answers_and_stops_with_exit_0_on_SIGTERM()
    {
        var row = PredictReference.Of(fixture, fixture.ModelPath, fixture.Scratch("serve-process")).Rows[0];
        string url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        string dll = Path.Combine(AppContext.BaseDirectory, "OsteoMl.Cli.dll");
        foreach (
            string arg in new[]
            {
                dll,
                "serve",
                "--model",
                fixture.ModelPath,
                "--images",
                fixture.CohortFolder,
                "--urls",
                url,
            }
        )
        {
            start.ArgumentList.Add(arg);
        }
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEndAsync();
        var errors = child.StandardError.ReadToEndAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
            await WaitForHealth(client, child);
            using var answer = await client.PostAsJsonAsync("/predict", row);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);

            using var kill = Process.Start(
                "kill",
                ["-TERM", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            )!;
            await kill.WaitForExitAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(40));
            await child.WaitForExitAsync(limit.Token);

            string log = await output;
            Assert.True(child.ExitCode == 0, $"serve exited {child.ExitCode}: {await errors}");
            Assert.Contains("\"Endpoint\":\"/predict\"", log);
            Assert.DoesNotContain(row["patient_id"]!, log);
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task WaitForHealth(HttpClient client, Process child)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            Assert.False(child.HasExited, "serve exited before answering /health");
            try
            {
                using var health = await client.GetAsync("/health");
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(250);
        }
        Assert.Fail("serve did not answer /health within 90 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
