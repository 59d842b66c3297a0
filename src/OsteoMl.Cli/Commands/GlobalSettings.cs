using System.ComponentModel;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

/// <summary>
/// Options every verb takes. <c>--verbose</c> is read from the raw arguments by <see cref="CliApp"/>, because the
/// unexpected errors it applies to can escape before the settings are bound.
/// </summary>
public abstract class GlobalSettings : CommandSettings
{
    [CommandOption("--verbose")]
    [Description("Print stack traces of unexpected errors.")]
    public bool Verbose { get; init; }
}
