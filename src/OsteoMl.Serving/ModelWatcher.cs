using Microsoft.Extensions.Hosting;

namespace OsteoMl.Serving;

/// <summary>
/// Polls the model file for replacement. Polling rather than FileSystemWatcher: a rename over the file is what an
/// atomic deploy does, and inotify reports it on the folder with platform-dependent events (and not at all on some
/// network file systems), while a size-or-time check once a second is cheap and always right.
/// </summary>
internal sealed class ModelWatcher(ModelHost host, ServeOptions options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ReloadPollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            host.ReloadIfChanged();
        }
    }
}
