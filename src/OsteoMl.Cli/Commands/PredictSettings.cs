using System.ComponentModel;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

public sealed class PredictSettings : ModelCohortSettings
{
    [CommandOption("--out <CSV>")]
    [DefaultValue("predictions.csv")]
    [Description("Where to write patient_id, p_image, p_clinical, p_fused, p_logistic, predicted[[, label]].")]
    public string Out { get; init; } = "predictions.csv";

    protected override string DataPurpose => "the CSV (or folder) to score";
}
