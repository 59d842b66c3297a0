using System.ComponentModel;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

public sealed class SchemaSettings : GlobalSettings
{
    [CommandOption("--model <ZIP>")]
    [Description("A model zip from `osteoml train`.")]
    [DefaultValue("models/osteoml.zip")]
    public string Model { get; init; } = Path.Combine("models", "osteoml.zip");

    [CommandOption("--json")]
    [Description("Print the schema as JSON (inputs, outputs, thresholds) instead of tables.")]
    public bool Json { get; init; }
}
