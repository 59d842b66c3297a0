using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OsteoMl.Serving;

namespace OsteoMl.Tests.Serving;

/// <summary>
/// <c>osteoml serve</c>'s application, started either in process (ASP.NET Core's test server) or on a real Kestrel
/// socket on a free loopback port; stopped and disposed on every exit path.
/// </summary>
internal sealed class ServiceUnderTest : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServiceUnderTest(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public static async Task<ServiceUnderTest> InProcessAsync(ServeOptions options)
    {
        var app = ServeApp.Build(options with { LogToConsole = false }, b => b.WebHost.UseTestServer());
        await app.StartAsync();
        return new ServiceUnderTest(app, app.GetTestClient());
    }

    public static async Task<ServiceUnderTest> KestrelAsync(ServeOptions options)
    {
        var app = ServeApp.Build(options with { LogToConsole = false });
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        // After start, the server reports the port the OS chose for :0.
        string address = app
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses.Single();
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
        return new ServiceUnderTest(app, client);
    }

    public async Task<JsonElement> PredictAsync(IReadOnlyDictionary<string, string?> row)
    {
        using var response = await Client.PostAsJsonAsync("/predict", row);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
