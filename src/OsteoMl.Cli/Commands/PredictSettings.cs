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

    public override Spectre.Console.ValidationResult Validate() =>
        Shard is not null && OsteoMl.Workflows.Shard.Parse(Shard) is null
            ? Spectre.Console.ValidationResult.Error($"--shard must be K/N with 1 <= K <= N; got '{Shard}'.")
            : base.Validate();

    protected override string DataPurpose => "the CSV (or folder) to score";
}
