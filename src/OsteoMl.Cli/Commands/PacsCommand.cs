using OsteoMl.Model;
using OsteoMl.Pacs;
using OsteoMl.Workflows;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

/// <summary>
/// <c>osteoml pacs</c>: opportunistic screening in a PACS. Follows Orthanc's change feed, scores each new eligible
/// film, stores a DICOM SR back, lists every film in the worklist. Logs carry counts and UIDs, never patient data or
/// credentials.
/// </summary>
public sealed class PacsCommand(IAnsiConsole console) : AsyncCommand<PacsSettings>
{
    public override async Task<int> ExecuteAsync(
        CommandContext context,
        PacsSettings settings,
        CancellationToken cancellationToken
    )
    {
        var credentials = settings.Credentials is { } file
            ? PacsCredentials.FromFile(file)
            : PacsCredentials.FromEnvironment();
        using var model = OsteoMlModel.Load(settings.Model);
        ModelCard card = ModelCard.Read(settings.Model);
        var rules = settings.Pipeline is { } pipeline
            ? PipelineConfig.Load(pipeline).Screening.Eligibility
            : card.Eligibility ?? OsteoMl.Screening.EligibilityRules.Default;
        var identity = ModelIdentity.Of(settings.Model, card);
        // Following the feed, the worker outlasts any PACS outage (a service restarts it only if it fails);
        // with --once it gives up after the policy's deadline with exit code 2.
        var retry = new OrthancRetryPolicy();
        if (!settings.Once)
        {
            retry = retry with { Deadline = Timeout.InfiniteTimeSpan };
        }
        using var orthanc = new OrthancClient(new Uri(settings.Url), credentials, retry, r => Log(r.ToString()));
        var system = await orthanc.GetSystemAsync(cancellationToken);
        Log(
            $"Orthanc {system.Version} at {settings.Url}; model {identity.Name} ({identity.Hash[..12]}…); "
                + (settings.Once ? "processing what is pending" : "following the change feed (Ctrl+C stops)")
        );
        var options = new PacsWorkerOptions
        {
            WorklistPath = settings.Worklist,
            StatePath = settings.State,
            Once = settings.Once,
            Rules = rules,
        };
        var worker = new PacsWorker(orthanc, model, card, identity, options, Log);
        PacsRunSummary summary;
        try
        {
            summary = await worker.RunAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log("stopped; the next run continues from the last finished batch.");
            return ExitCodes.Success;
        }
        double rate = summary.Seen / Math.Max(summary.Elapsed.TotalSeconds, 1e-9);
        Log(
            $"done: {summary.Scored} scored ({summary.Flagged} flagged for DXA referral; not for ruling out "
                + $"osteoporosis), {summary.Ineligible} ineligible, {summary.Errors} error(s), {summary.AlreadyListed} "
                + $"already in the worklist, {summary.AlreadyReported} already reported; {rate:0.0} films/s → "
                + Path.GetFullPath(settings.Worklist)
        );
        Log(
            $"time: fetching and decoding {summary.Fetching.TotalSeconds:0.0} s, scoring "
                + $"{summary.Scoring.TotalSeconds:0.0} s, reports and worklist {summary.Reporting.TotalSeconds:0.0} s "
                + $"of {summary.Elapsed.TotalSeconds:0.0} s"
        );
        return ExitCodes.Success;
    }

    private void Log(string message) => console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");
}
