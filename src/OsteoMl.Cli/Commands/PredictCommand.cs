using OsteoMl.Data;
using OsteoMl.Model;
using OsteoMl.Reporting;
using OsteoMl.Workflows;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

/// <summary><c>osteoml predict</c>: scores a CSV with a model zip.</summary>
public sealed class PredictCommand(IAnsiConsole console) : Command<PredictSettings>
{
    public override int Execute(CommandContext context, PredictSettings settings, CancellationToken cancellationToken)
    {
        OsteoMl.Common.OutputFolder.EnsureWritableFile(settings.Out, "--out");
        using var model = OsteoMlModel.Load(settings.Model, DeviceOption.Resolve(settings.Device, console));
        if (settings.Dicom is { } folder)
        {
            return ScoreDicomFolder(model, folder, settings, cancellationToken);
        }
        var options = settings.ToCohortOptions(requireLabel: false) with
        {
            ExpectedColumns = model.ExpectedClinicalColumns,
            RequireImages = model.UsesImages,
        };
        Cohort cohort = CohortReader.Read(settings.Data!, options);
        ModelCard card = ModelCard.Read(settings.Model);
        foreach (
            string warning in CategoryCheck
                .Warnings(cohort, card, settings.Strict)
                .Concat(OsteoMl.Screening.HeaderAgreement.Warnings(cohort))
        )
        {
            console.MarkupLineInterpolated($"[yellow]warning:[/] {warning}");
        }
        var shard = settings.Shard is null ? Shard.All : Shard.Parse(settings.Shard)!.Value;
        ArchiveScoringResult result = null!;
        string scope = shard.Count == 1 ? $"{cohort.Count} rows" : $"shard {shard} of {cohort.Count} rows";
        console
            .Status()
            .Start(
                $"Scoring {scope}…",
                _ =>
                    result = ArchiveScoring.Run(
                        model,
                        cohort,
                        settings.Out,
                        shard,
                        cancellationToken: cancellationToken
                    )
            );
        string decided = card.DecidedModel;
        if (card.Thresholds.TryGetValue(decided, out double threshold))
        {
            console.WriteLine(
                $"Decision: predicted = 1 when p_{decided} >= {threshold:0.####} ({card.OperatingPoint} on "
                    + $"{card.ThresholdsChosenOn}, frozen at training)."
            );
        }
        string resumed = result.Resumed > 0 ? $"; {result.Resumed} of them by an earlier, stopped run" : "";
        console.MarkupParts(
            $"Scored {result.Rows} rows ({result.Positives} predicted osteoporosis{resumed}) → ",
            $"[green]{Path.GetFullPath(settings.Out)}[/]"
        );
        return 0;
    }

    private int ScoreDicomFolder(
        OsteoMlModel model,
        string folder,
        PredictSettings settings,
        CancellationToken cancellationToken
    )
    {
        ModelCard card = ModelCard.Read(settings.Model);
        var rules = card.Eligibility ?? OsteoMl.Screening.EligibilityRules.Default;
        DicomFolderResult result = null!;
        console
            .Status()
            .Start(
                $"Screening the DICOM films under {folder}…",
                _ =>
                    result = DicomFolderScoring.Run(
                        model,
                        card,
                        folder,
                        settings.Out,
                        rules,
                        cancellationToken: cancellationToken
                    )
            );
        string imageOnly =
            result.ImageOnly > 0
                ? $"; {result.ImageOnly} by the image branch alone (the model needs clinical values a header lacks)"
                : "";
        console.MarkupParts(
            $"Screened {result.Films} DICOM films: {result.Scored} scored ({result.Flagged} flagged for DXA referral, ",
            $"not for ruling out osteoporosis{imageOnly}), {result.Ineligible} ineligible, {result.Errors} unreadable → ",
            $"[green]{Path.GetFullPath(settings.Out)}[/]"
        );
        return 0;
    }
}
