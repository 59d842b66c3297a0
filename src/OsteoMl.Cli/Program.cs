using System.Runtime.InteropServices;
using OsteoMl.Cli;

// First Ctrl+C: the running verb stops early and finishes cleanly (train keeps its best trials and saves).
// Second Ctrl+C or SIGTERM: abort within seconds and write nothing (the previous model stays, no temp files).
// Third Ctrl+C: the process ends at once; saves are atomic, so the previous model still stays intact.
using var sessionFile = new OsteoMl.Imaging.OnnxRuntimeSessionFile();
var interruption = new Interruption();
Console.CancelKeyPress += (_, e) => e.Cancel = interruption.Interrupt();
using var terminate = PosixSignalRegistration.Create(
    PosixSignal.SIGTERM,
    context =>
    {
        context.Cancel = true;
        interruption.Terminate();
    }
);
return CliApp.Run(args, ConsoleFor.Standard(), interruption);
