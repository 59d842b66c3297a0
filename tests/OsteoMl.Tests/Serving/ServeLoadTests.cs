using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using OsteoMl.Cli;
using OsteoMl.Common;
using OsteoMl.Serving;
using OsteoMl.Tests.Workflows;
using Spectre.Console.Testing;

namespace OsteoMl.Tests.Serving;

/// <summary>
/// <c>osteoml serve</c> on a real Kestrel socket: concurrent clients get exactly predict's answers, and replacing the
/// zip under load switches the answers to the new model without one failed request.
/// </summary>
public sealed class ServeLoadTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private const int Clients = 8;

    [Fact]
    public async Task Eight_clients_of_200_requests_each_get_predicts_answers_with_no_error()
    {
        var reference = PredictReference.Of(fixture, fixture.ModelPath, fixture.Scratch("serve-load"));
        await using var service = await ServiceUnderTest.KestrelAsync(
            new ServeOptions { ModelPath = fixture.ModelPath, ImagesFolder = fixture.CohortFolder }
        );
        var failures = new ConcurrentBag<string>();

        await Task.WhenAll(
            Enumerable
                .Range(0, Clients)
                .Select(client =>
                    Task.Run(async () =>
                    {
                        for (int r = 0; r < 200; r++)
                        {
                            int row = (client * 200 + r) % reference.Rows.Count;
                            var answer = await service.PredictAsync(reference.Rows[row]);
                            if (!Same(reference.Expected[row], answer))
                            {
                                failures.Add($"row {row}: {answer}");
                            }
                        }
                    })
                )
        );

        Assert.Empty(failures);
        string metrics = await service.Client.GetStringAsync("/metrics");
        Assert.Contains("osteoml_requests_total{endpoint=\"/predict\",status=\"200\"} 1600", metrics);
    }

    [Fact]
    public async Task Replacing_the_zip_under_load_switches_to_the_new_model_without_a_failed_request()
    {
        string served = fixture.Scratch("serve-reload/model.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(served)!);
        File.Copy(fixture.ModelPath, served, overwrite: true);
        string replacement = Recalibrated(fixture.Scratch("serve-reload/recalibrated.zip"));
        var before = PredictReference.Of(fixture, served, fixture.Scratch("serve-reload"));
        var after = PredictReference.Of(fixture, replacement, Directory.CreateTempSubdirectory().FullName);
        string oldHash = FileHash.Sha256(served),
            newHash = FileHash.Sha256(replacement);
        Assert.NotEqual(oldHash, newHash);
        await using var service = await ServiceUnderTest.KestrelAsync(
            new ServeOptions
            {
                ModelPath = served,
                ImagesFolder = fixture.CohortFolder,
                ReloadPollInterval = TimeSpan.FromMilliseconds(100),
            }
        );
        var failures = new ConcurrentBag<string>();
        var answeredByNew = new ConcurrentBag<int>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(120));

        var load = Enumerable
            .Range(0, Clients)
            .Select(client =>
                Task.Run(async () =>
                {
                    // Every client keeps going until it has had 20 answers from the new model.
                    for (int r = 0, fromNew = 0; fromNew < 20 && !stop.IsCancellationRequested; r++)
                    {
                        int row = (client * 7 + r) % before.Rows.Count;
                        using var response = await service.Client.PostAsJsonAsync("/predict", before.Rows[row]);
                        string body = await response.Content.ReadAsStringAsync();
                        if (!response.IsSuccessStatusCode)
                        {
                            failures.Add($"{(int)response.StatusCode} {body}");
                            continue;
                        }
                        var answer = JsonDocument.Parse(body).RootElement;
                        bool isNew = answer.GetProperty("model_hash").GetString() == newHash;
                        fromNew += isNew ? 1 : 0;
                        if (!Same((isNew ? after : before).Expected[row], answer))
                        {
                            failures.Add($"row {row} ({(isNew ? "new" : "old")} model): {body}");
                        }
                        if (isNew)
                        {
                            answeredByNew.Add(row);
                        }
                    }
                })
            )
            .ToArray();
        await Task.Delay(1500);
        // An atomic deploy: the new zip is written beside the served one, then renamed over it.
        string staged = served + ".staged";
        File.Copy(replacement, staged);
        File.Move(staged, served, overwrite: true);
        await Task.WhenAll(load);

        Assert.Empty(failures);
        Assert.False(stop.IsCancellationRequested, "the service never switched to the new model");
        Assert.True(answeredByNew.Count >= Clients * 20);
        var model = await service.Client.GetFromJsonAsync<JsonElement>("/model");
        Assert.Equal(newHash, model.GetProperty("hash").GetString());
    }

    private string Recalibrated(string output)
    {
        var console = new TestConsole();
        int code = CliApp.Run(
            ["recalibrate", "--model", fixture.ModelPath, "--data", fixture.CsvPath, "--out", output],
            console
        );
        Assert.True(code == 0, console.Output);
        return output;
    }

    private static bool Same(float[] expected, JsonElement answer)
    {
        string[] fields = ["p_image", "p_clinical", "p_fused", "p_logistic"];
        return fields.Select((f, i) => Math.Abs(expected[i] - answer.GetProperty(f).GetSingle()) <= 1e-6f).All(x => x)
            && (int)expected[4] == answer.GetProperty("predicted").GetInt32();
    }
}
