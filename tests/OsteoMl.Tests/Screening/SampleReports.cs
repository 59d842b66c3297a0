using OsteoMl.Dicom;
using OsteoMl.Screening;

namespace OsteoMl.Tests.Screening;

/// <summary>Screening reports for a made-up patient and a DX film, fused and image-only.</summary>
internal static class SampleReports
{
    public const string DigitalXRaySopClassUid = "1.2.840.10008.5.1.4.1.1.1.1";

    public static ScreeningReport Fused() =>
        new()
        {
            StudyInstanceUid = "1.2.826.0.1.3680043.2.1125.28.10",
            SeriesInstanceUid = "1.2.826.0.1.3680043.2.1125.28.11",
            SopInstanceUid = "1.2.826.0.1.3680043.2.1125.28.12",
            SopClassUid = DigitalXRaySopClassUid,
            PatientName = "Doe^Jane",
            PatientId = "PID-0042",
            PatientBirthDate = "19480312",
            PatientSex = "F",
            StudyDate = "20240105",
            StudyTime = "101500",
            StudyId = "S1",
            AccessionNumber = "ACC12345",
            ReferringPhysicianName = "Smith^John",
            FusedProbability = 0.8123,
            ImageProbability = 0.7456,
            ClinicalProbability = 0.6789,
            Probability = 0.8123,
            Flagged = true,
            Threshold = 0.35,
            Basis = ScreeningReport.FusedBasis,
            ModelName = "osteoml-chest-fusion",
            ModelVersion = "0.5.0",
            ModelHash = "3f1c9a0e5b7d2468ace013579bdf2468ace013579bdf2468ace013579bdf2468",
            ReportSopInstanceUid = DicomUids.FromName("1.2.826.0.1.3680043.2.1125.28.12|3f1c9a0e"),
            ReportSeriesInstanceUid = DicomUids.FromName("series 1.2.826.0.1.3680043.2.1125.28.11|3f1c9a0e"),
            ContentDateTime = new DateTimeOffset(2024, 1, 5, 11, 30, 15, TimeSpan.FromHours(1)),
        };

    /// <summary>No clinical data: the image probability decides, and every type 2 attribute is unknown.</summary>
    public static ScreeningReport ImageOnly() =>
        Fused() with
        {
            FusedProbability = null,
            ClinicalProbability = null,
            Probability = 0.2104,
            ImageProbability = 0.2104,
            Flagged = false,
            Basis = ScreeningReport.ImageOnlyBasis,
            PatientName = null,
            PatientId = null,
            PatientBirthDate = null,
            PatientSex = null,
            StudyDate = null,
            StudyTime = null,
            StudyId = null,
            AccessionNumber = null,
            ReferringPhysicianName = null,
        };
}
