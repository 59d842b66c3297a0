using OsteoMl.Dicom;

namespace OsteoMl.Simulation;

/// <summary>
/// The DICOM header of a simulated film: the synthetic patient's ID, age (completed years) and sex, a frontal DX chest
/// film, UIDs derived from the seed and the patient (the same cohort always gets the same UIDs), and a comment that
/// says the film is SYNTHETIC, so no viewer can mistake it for a patient's.
/// </summary>
internal static class SyntheticFilmHeader
{
    public const string Comment = "SYNTHETIC film from the OsteoMl simulator; not a patient.";

    public static DicomFilmHeader For(SimulatedPatient patient, string file, int seed, FilmGeometry geometry)
    {
        string study = $"osteoml-synthetic|{patient.Site}|{seed}|{patient.PatientId}";
        return new DicomFilmHeader
        {
            PatientId = patient.PatientId,
            PatientName = "SYNTHETIC",
            PatientSex = patient.Female ? "F" : "M",
            AgeYears = (int)Math.Floor(patient.Age),
            StudyDate = "20260101",
            StudyInstanceUid = DicomUids.FromName(study),
            SeriesInstanceUid = DicomUids.FromName($"{study}|{file}|series"),
            SopInstanceUid = DicomUids.FromName($"{study}|{file}"),
            PixelSpacingMm = geometry.PixelSpacingMm,
            ImageComments = Comment,
        };
    }
}
