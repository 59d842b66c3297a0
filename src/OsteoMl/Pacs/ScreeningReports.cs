using OsteoMl.Dicom;
using OsteoMl.Screening;

namespace OsteoMl.Pacs;

/// <summary>
/// The report for one scored film. Its SOP Instance UID is derived from the film's and the model's hash, and its
/// series from the study's and the model's, so the same model reporting the same film always makes the same UIDs: the
/// worker finds an earlier report by UID instead of trusting its own files.
/// </summary>
internal static class ScreeningReports
{
    public static string ReportUid(string filmSopInstanceUid, string modelHash) =>
        DicomUids.FromName($"osteoml-report|{filmSopInstanceUid}|{modelHash}");

    public static ScreeningReport For(FilmHeader film, ScreeningScore score, ModelIdentity model) =>
        new()
        {
            StudyInstanceUid = film.StudyInstanceUid ?? "",
            SeriesInstanceUid = film.SeriesInstanceUid ?? "",
            SopInstanceUid = film.SopInstanceUid!,
            SopClassUid = film.SopClassUid ?? "",
            PatientName = film.PatientName,
            PatientId = film.PatientId,
            PatientBirthDate = film.PatientBirthDate,
            PatientSex = film.PatientSex,
            StudyDate = film.StudyDate,
            StudyTime = film.StudyTime,
            StudyId = film.StudyId,
            AccessionNumber = film.AccessionNumber,
            ReferringPhysicianName = film.ReferringPhysicianName,
            FusedProbability = score.FusedProbability,
            ImageProbability = score.ImageProbability,
            ClinicalProbability = score.ClinicalProbability,
            Probability = score.Probability,
            Flagged = score.Flagged,
            Threshold = score.Threshold,
            Basis = score.BasisName,
            ModelName = model.Name,
            ModelVersion = model.Version,
            ModelHash = model.Hash,
            ReportSopInstanceUid = ReportUid(film.SopInstanceUid!, model.Hash),
            ReportSeriesInstanceUid = DicomUids.FromName($"osteoml-report-series|{film.StudyInstanceUid}|{model.Hash}"),
            ContentDateTime = DateTimeOffset.UtcNow,
        };
}
