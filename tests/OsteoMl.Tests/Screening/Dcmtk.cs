using System.Diagnostics;

namespace OsteoMl.Tests.Screening;

/// <summary>
/// Runs a dcmtk command-line tool (dsrdump, dcmdump) as an independent reader of what OsteoMl writes. CI installs
/// dcmtk, so a missing tool fails the test rather than skipping it: a skipped validation would pass silently.
/// </summary>
internal static class Dcmtk
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public sealed record Result(int ExitCode, string Output, string Errors);

    public static Result Run(string tool, params string[] arguments)
    {
        string path = Locate(tool);
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        Task<string> errors = process.StandardError.ReadToEndAsync();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill();
            throw new TimeoutException($"{tool} did not finish within {Timeout.TotalSeconds} s.");
        }
        return new Result(process.ExitCode, output.Result, errors.Result);
    }

    private static string Locate(string tool)
    {
        string[] folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator);
        return folders.Select(folder => Path.Combine(folder, tool)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"dcmtk's {tool} is not on PATH; install dcmtk (apt-get install dcmtk) to run the DICOM SR "
                    + "validation tests. CI installs it; these tests fail rather than skip without it."
            );
    }
}
