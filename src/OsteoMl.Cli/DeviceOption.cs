using OsteoMl.Imaging;
using Spectre.Console;

namespace OsteoMl.Cli;

/// <summary>
/// Turns <c>--device</c> into a device that works, printing the one-line fallback warning when CUDA is not usable.
/// </summary>
internal static class DeviceOption
{
    public const string Description =
        "Where the CNN runs: cpu or cuda[[:N]] (needs the GPU build, -p:OsteoMlGpu=true; falls back to the CPU with "
        + "a warning).";

    public static Spectre.Console.ValidationResult Validate(string? value) =>
        ComputeDevice.TryParse(value, out _)
            ? Spectre.Console.ValidationResult.Success()
            : Spectre.Console.ValidationResult.Error($"--device must be cpu, cuda or cuda:N; got '{value}'.");

    public static ComputeDevice Resolve(string? value, IAnsiConsole console)
    {
        ComputeDevice.TryParse(value, out var requested);
        var device = requested.Resolve(out string? warning);
        if (warning is not null)
        {
            console.MarkupLineInterpolated($"[yellow]{warning}[/]");
        }
        return device;
    }
}
