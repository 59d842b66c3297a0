using OsteoMl.Dicom;
using OsteoMl.Screening;

namespace OsteoMl.Pacs;

/// <summary>What happened to one instance: the worklist row to append (if any) and what it adds to the counts.</summary>
internal sealed record FilmOutcome(WorklistRow? Row, PacsRunSummary Counts)
{
    public static FilmOutcome Listed { get; } = new(null, new PacsRunSummary { AlreadyListed = 1 });

    public static FilmOutcome Ineligible(FilmHeader header, string code) =>
        new(RowOf(header, WorklistStatus.Ineligible, code), new PacsRunSummary { Ineligible = 1 });

    public static FilmOutcome Error(FilmHeader header, string reason) =>
        new(RowOf(header, WorklistStatus.Error, reason), new PacsRunSummary { Errors = 1 });

    public static FilmOutcome Scored(FilmHeader header, ScreeningScore score, bool alreadyReported) =>
        new(
            RowOf(header, WorklistStatus.Scored, "") with
            {
                FusedProbability = score.FusedProbability,
                ImageProbability = score.ImageProbability,
                Basis = score.BasisName,
                Flagged = score.Flagged,
            },
            new PacsRunSummary
            {
                Scored = 1,
                Flagged = score.Flagged ? 1 : 0,
                AlreadyReported = alreadyReported ? 1 : 0,
            }
        );

    private static WorklistRow RowOf(FilmHeader header, WorklistStatus status, string reason) =>
        new(
            header.StudyInstanceUid ?? "",
            header.SopInstanceUid ?? "",
            header.PatientId ?? "",
            status,
            reason,
            null,
            null,
            "",
            null
        );
}
