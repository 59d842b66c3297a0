using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

public sealed class InspectSettings : GlobalSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("A radiograph: DICOM, PNG or JPEG.")]
    public string File { get; init; } = "";

    [CommandOption("--out <PNG>")]
    [Description("Write the 8-bit image exactly as the network sees it before resizing.")]
    public string? Out { get; init; }

    public override ValidationResult Validate() =>
        System.IO.File.Exists(File) ? base.Validate() : ValidationResult.Error($"no such file: '{File}'.");
}
