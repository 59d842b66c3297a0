using OsteoMl.Cli;

// First Ctrl+C: ask the running verb to stop early and finish cleanly (train keeps its best trials).
// Second Ctrl+C: let the process end; models are written atomically, so the previous zip stays intact.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (!stop.IsCancellationRequested)
    {
        e.Cancel = true;
        stop.Cancel();
    }
};
return CliApp.Run(args, Spectre.Console.AnsiConsole.Console, stop.Token);
