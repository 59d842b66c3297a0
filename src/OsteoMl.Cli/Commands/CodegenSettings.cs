using System.ComponentModel;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

public sealed class CodegenSettings : GlobalSettings
{
    [CommandOption("--model <ZIP>")]
    [Description("A model zip from `osteoml train`.")]
    [DefaultValue("models/osteoml.zip")]
    public string Model { get; init; } = Path.Combine("models", "osteoml.zip");

    [CommandOption("--out <DIR>")]
    [Description(
        "Folder for the generated console project: new or empty (else exit 2); its name, in PascalCase, names the project and its namespace (--out osteoml-app: OsteomlApp)."
    )]
    public string Out { get; init; } = "";

    public override Spectre.Console.ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Out)
            ? Spectre.Console.ValidationResult.Error("--out is required: the folder to write the project into.")
            : base.Validate();
}
