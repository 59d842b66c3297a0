using OsteoMl.Common;
using OsteoMl.Reporting;
using OsteoMl.Workflows;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

/// <summary>
/// <c>osteoml evaluate</c>: external validation of a zip on a labelled cohort, thresholds frozen from training.
/// </summary>
public sealed class EvaluateCommand(IAnsiConsole console) : Command<EvaluateSettings>
{
    public override int Execute(CommandContext context, EvaluateSettings settings, CancellationToken cancellationToken)
    {
        string folder = settings.Report ?? Path.Combine("runs", $"evaluate-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        OutputFolder.EnsureWritable(folder, "--report");
        var request = new EvaluationRequest
        {
            ModelPath = settings.Model,
            DataPath = settings.Data!,
            Cohort = settings.ToCohortOptions(requireLabel: true),
            BootstrapReplicates = settings.Bootstrap,
            Device = DeviceOption.Resolve(settings.Device, console),
            Strict = settings.Strict,
        };
        var evaluation = console.Status().Start("Scoring and evaluating…", _ => ExternalEvaluation.Run(request));
        var (result, cohort, card) = (evaluation.Result, evaluation.Cohort, evaluation.Card);
        foreach (string warning in evaluation.Warnings)
        {
            console.MarkupLineInterpolated($"[yellow]warning:[/] {warning}");
        }
        if (TrainingCohortWarning(evaluation) is { } notExternal)
        {
            console.MarkupLineInterpolated($"[bold red]{notExternal}[/]");
        }

        console.Write(
            ResultTable.Build(
                result,
                $"{cohort.FileName}{(cohort.Synthetic ? " (SYNTHETIC)" : "")}: {cohort.Patients} patients, "
                    + $"{cohort.Rows} radiographs, {cohort.Positives} positive",
                $"Thresholds frozen at training ({card.OperatingPoint} on {card.ThresholdsChosenOn}; "
                    + $"published cut-offs for tools). Wilson 95% CIs."
            )
        );
        if (ResultTable.CeilingLine(result) is { Length: > 0 } ceiling)
        {
            console.WriteLine(ceiling);
        }
        if (ResultTable.SkippedLine(result) is { Length: > 0 } skipped)
        {
            console.MarkupLineInterpolated($"[grey]{skipped}[/]");
        }

        Directory.CreateDirectory(folder);
        MetricsJson.WriteExternalValidation(
            Path.Combine(folder, MetricsJson.FileName),
            result,
            cohort,
            card,
            evaluation.DataHash,
            evaluation.Warnings,
            evaluation.IsTrainingCohort,
            evaluation.Overlap
        );
        HtmlReport.Write(
            Path.Combine(folder, HtmlReport.FileName),
            new ReportContent
            {
                Title = $"OsteoMl external validation of {Path.GetFileName(settings.Model)} on {cohort.FileName}",
                EvaluatedOn = evaluation.IsTrainingCohort
                    ? "Patients of the model's own training CSV (NOT an external cohort), scored with thresholds frozen at "
                        + "training"
                    : "External cohort, scored by the saved model with thresholds frozen at training",
                Cohort = cohort,
                IsExternal = true,
                ImageNetwork = card.ImageNetwork,
                Evaluation = result,
                OperatingPoint = card.OperatingPoint,
                ThresholdsChosenOn = card.ThresholdsChosenOn,
                FittedOn = card.FittedOn,
                Seed = card.Seed,
                DataHash = evaluation.DataHash,
                TrainingDataHash = evaluation.IsTrainingCohort ? null : card.DataHash,
                Warnings = evaluation.Warnings,
                RunId = card.RunId,
                ClinicalModel = card.ClinicalModel,
                Fusion = card.Fusion,
            }
        );
        console.MarkupLineInterpolated(
            $"Report: [green]{Path.GetFullPath(Path.Combine(folder, HtmlReport.FileName))}[/] (and metrics.json)"
        );
        return 0;
    }

    /// <summary>Why these numbers are not an external validation, or null when nothing says they are not.</summary>
    private static string? TrainingCohortWarning(ExternalEvaluationResult evaluation)
    {
        const string NotExternal = "These numbers are not an external validation.";
        if (evaluation.Overlap is { Any: true } overlap)
        {
            string patients = overlap.Patients is { } shared
                ? $"{shared} of {overlap.EvaluatedPatients} evaluated patients are in the model's training CSV "
                    + $"({overlap.FittedPatients} of them among the patients the saved model was fitted on, "
                    + $"{overlap.HeldOutPatients} held out from fitting: validation or test split)"
                : "patient ids could not be compared (no id column)";
            string films = overlap.Films is { } same ? $"; {same} films have the same content as a training film" : "";
            return $"WARNING: {patients}{films}. {NotExternal}";
        }
        return evaluation.IsTrainingCohort
            ? "WARNING: this is the model's own training CSV (same SHA-256 as its model card; or the CSV it was "
                + $"recalibrated on). {NotExternal}"
            : null;
    }
}
