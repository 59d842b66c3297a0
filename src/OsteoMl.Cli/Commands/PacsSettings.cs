using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

public sealed class PacsSettings : GlobalSettings
{
    [CommandOption("--url <URL>")]
    [Description("Orthanc's REST address, e.g. http://127.0.0.1:8042 (credentials never go here: see --credentials).")]
    public string Url { get; init; } = "";

    [CommandOption("--model <ZIP>")]
    [DefaultValue("models/osteoml.zip")]
    [Description("The model zip that scores the films (trained with images).")]
    public string Model { get; init; } = "models/osteoml.zip";

    [CommandOption("--once")]
    [Description("Process what is pending in Orthanc's change feed, then exit (otherwise keep following it).")]
    public bool Once { get; init; }

    [CommandOption("--worklist <CSV>")]
    [DefaultValue("pacs-worklist.csv")]
    [Description(
        "One row per film seen: study_uid, sop_instance_uid, patient_id, status (scored / ineligible / error), reason, "
            + "p_fused, p_image, basis, flagged. Created with mode 0600 (it names patients)."
    )]
    public string Worklist { get; init; } = "pacs-worklist.csv";

    [CommandOption("--state <FILE>")]
    [DefaultValue("pacs-state.json")]
    [Description("Where the worker keeps its place in the change feed (one per model). Losing it costs time only.")]
    public string State { get; init; } = "pacs-state.json";

    [CommandOption("--credentials <FILE>")]
    [Description(
        "A file (mode 0600) with Orthanc's HTTP user and password; otherwise OSTEOML_PACS_USER and "
            + "OSTEOML_PACS_PASSWORD, if set. Never on the command line."
    )]
    public string? Credentials { get; init; }

    [CommandOption("--pipeline <FILE>")]
    [Description(
        "Pipeline config whose screening.eligibility rules apply (default: the rules saved in the model, else CR/DX, "
            + "chest, PA/AP, not derived, grayscale, age >= 50)."
    )]
    public string? Pipeline { get; init; }

    public override ValidationResult Validate()
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return ValidationResult.Error(
                $"--url must be an http(s) address such as http://127.0.0.1:8042; got '{(Url.Contains('@') ? "an address with a user in it" : Url)}'."
            );
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return ValidationResult.Error(
                "--url must not carry a user or password (command lines are visible to every user of the machine); "
                    + "use --credentials FILE or OSTEOML_PACS_USER / OSTEOML_PACS_PASSWORD."
            );
        }
        return base.Validate();
    }
}
