using System.ComponentModel;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

public sealed class PredictSettings : ModelCohortSettings
{
    [CommandOption("--out <CSV>")]
    [DefaultValue("predictions.csv")]
    [Description(
        "Where to write patient_id[[, image]], p_image, p_clinical, p_fused, p_logistic, predicted[[, label]]. Rows go "
            + "to <CSV>.partial in batches first; run the same command again after a stop to continue from there."
    )]
    public string Out { get; init; } = "predictions.csv";

    [CommandOption("--shard <K/N>")]
    [Description(
        "Score only shard K of N, by patient (a stable hash of the id), e.g. one per Kubernetes Indexed Job or Slurm "
            + "array task. With N > 1 the output starts with a row column (the row's 1-based position in the input): "
            + "concatenate the shards' rows, sort on it and drop it to get one run's file (README: Scoring an archive)."
    )]
    public string? Shard { get; init; }

    [CommandOption("--dicom <DIR>")]
    [Description(
        "Instead of --data: score every DICOM film under DIR from its header alone, as a PACS feeds it. Ineligible films "
            + "(not CR/DX, not chest, lateral, derived, colour, under 50: the model's screening rules) get a reason, "
            + "not a score; age and sex come from the header; where the model needs more clinical values the image "
            + "branch decides alone at its own frozen threshold (basis image-only). Writes file, sop_instance_uid, "
            + "status, reason, p_image, p_clinical, p_fused, basis, threshold, flagged."
    )]
    public string? Dicom { get; init; }

    public override Spectre.Console.ValidationResult Validate()
    {
        if (Shard is not null && OsteoMl.Workflows.Shard.Parse(Shard) is null)
        {
            return Spectre.Console.ValidationResult.Error($"--shard must be K/N with 1 <= K <= N; got '{Shard}'.");
        }
        if (Dicom is null)
        {
            return base.Validate();
        }
        return Data is not null ? Spectre.Console.ValidationResult.Error("give --data or --dicom, not both.")
            : Shard is not null ? Spectre.Console.ValidationResult.Error("--shard applies to --data, not --dicom.")
            : !Directory.Exists(Dicom) ? Spectre.Console.ValidationResult.Error($"--dicom: no such folder: '{Dicom}'.")
            : Spectre.Console.ValidationResult.Success();
    }

    protected override string DataPurpose => "the CSV (or folder) to score, or --dicom DIR for DICOM films alone";
}
