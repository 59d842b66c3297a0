using System.ComponentModel;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

/// <summary>Options every verb takes.</summary>
public abstract class GlobalSettings : CommandSettings
{
    [CommandOption("--verbose")]
    [Description("Print stack traces of unexpected errors.")]
    public bool Verbose { get; init; }
}
