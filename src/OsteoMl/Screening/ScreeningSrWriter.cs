using System.Globalization;
using OsteoMl.Dicom;
using static OsteoMl.Screening.SrContentItems;

namespace OsteoMl.Screening;

/// <summary>
/// Writes a <see cref="ScreeningReport"/> as a DICOM Comprehensive SR: in the scored film's patient and study, in a
/// series of its own, referencing the film as evidence and recording the model as contributing equipment. The content
/// tree is a title container holding the probabilities, the threshold, the decision, its basis, the model and the
/// intended-use limitation. Unverified: nobody signs an automated result. Writes no logs (the report holds patient
/// identifiers), and the same report always gives the same bytes.
/// </summary>
public static class ScreeningSrWriter
{
    public const string ComprehensiveSrSopClassUid = "1.2.840.10008.5.1.4.1.1.88.33";
    public const string Manufacturer = "OsteoMl";
    public const string SeriesDescription = "OsteoMl opportunistic osteoporosis screening";
    public const string IntendedUseLimitation = "Not for ruling out osteoporosis; confirm with DXA";

    public static void Write(ScreeningReport report, Stream output) =>
        DicomDatasetWriter.Write(ToDataset(report), output);

    public static byte[] ToBytes(ScreeningReport report) => DicomDatasetWriter.ToBytes(ToDataset(report));

    public static DicomDataset ToDataset(ScreeningReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        CheckResult(report);
        var dataset = new DicomDataset()
            .Add(DicomTags.SopClassUid, DicomVr.UI, ComprehensiveSrSopClassUid)
            .Add(DicomTags.SopInstanceUid, DicomVr.UI, report.ReportSopInstanceUid);
        AddPatientAndStudy(dataset, report);
        AddSeriesAndEquipment(dataset, report);
        AddDocumentGeneral(dataset, report);
        AddContent(dataset, report);
        // Declared only when needed: an all-ASCII report stays in the default repertoire every reader knows (dcmtk
        // 3.6.7's value checker, for one, cannot check UTF-8 and warns when it is declared).
        return dataset.HasNonAsciiText
            ? dataset.Add(DicomTags.SpecificCharacterSet, DicomVr.CS, DicomDataset.Utf8CharacterSet)
            : dataset;
    }

    /// <summary>The result must say one consistent thing; what it says about the patient is not checked here.</summary>
    private static void CheckResult(ScreeningReport report)
    {
        bool fused = report.Basis switch
        {
            ScreeningReport.FusedBasis => true,
            ScreeningReport.ImageOnlyBasis => false,
            _ => throw new ArgumentException(
                $"Basis must be \"{ScreeningReport.FusedBasis}\" or \"{ScreeningReport.ImageOnlyBasis}\"."
            ),
        };
        if (fused != report.FusedProbability.HasValue)
        {
            throw new ArgumentException("FusedProbability must be given exactly when the basis is fused.");
        }
        double?[] probabilities =
        [
            report.FusedProbability,
            report.ImageProbability,
            report.ClinicalProbability,
            report.Probability,
            report.Threshold,
        ];
        if (probabilities.Any(p => p is { } value && !(value >= 0 && value <= 1)))
        {
            throw new ArgumentException("probabilities and the threshold must lie in [0, 1].");
        }
    }

    private static void AddPatientAndStudy(DicomDataset dataset, ScreeningReport report) =>
        dataset
            .Add(DicomTags.PatientName, DicomVr.PN, report.PatientName)
            .Add(DicomTags.PatientId, DicomVr.LO, report.PatientId)
            .Add(DicomTags.PatientBirthDate, DicomVr.DA, report.PatientBirthDate)
            .Add(DicomTags.PatientSex, DicomVr.CS, report.PatientSex)
            .Add(DicomTags.StudyInstanceUid, DicomVr.UI, report.StudyInstanceUid)
            .Add(DicomTags.StudyDate, DicomVr.DA, report.StudyDate)
            .Add(DicomTags.StudyTime, DicomVr.TM, report.StudyTime)
            .Add(DicomTags.StudyId, DicomVr.SH, report.StudyId)
            .Add(DicomTags.AccessionNumber, DicomVr.SH, report.AccessionNumber)
            .Add(DicomTags.ReferringPhysicianName, DicomVr.PN, report.ReferringPhysicianName);

    private static void AddSeriesAndEquipment(DicomDataset dataset, ScreeningReport report) =>
        dataset
            .Add(DicomTags.Modality, DicomVr.CS, "SR")
            .Add(DicomTags.SeriesInstanceUid, DicomVr.UI, report.ReportSeriesInstanceUid)
            .AddInteger(DicomTags.SeriesNumber, report.ReportSeriesNumber)
            .Add(DicomTags.SeriesDescription, DicomVr.LO, SeriesDescription)
            .AddSequence(DicomTags.ReferencedPerformedProcedureStepSequence)
            .Add(DicomTags.Manufacturer, DicomVr.LO, Manufacturer)
            .AddSequence(DicomTags.ContributingEquipmentSequence, ModelEquipment(report))
            .AddSequence(DicomTags.CodingSchemeIdentificationSequence, PrivateCodingScheme());

    /// <summary>
    /// The model as the equipment that produced the content (as MONAI Deploy's SR writer records its model): name,
    /// version, and the hash of the exported model both as serial number and as the seed of a device UID, so two
    /// reports from the same model file name the same device.
    /// </summary>
    private static DicomDataset ModelEquipment(ScreeningReport report) =>
        new DicomDataset()
            .AddSequence(DicomTags.PurposeOfReferenceCodeSequence, SrCodes.ProcessingEquipment.ToItem())
            .Add(DicomTags.Manufacturer, DicomVr.LO, Manufacturer)
            .Add(DicomTags.ManufacturerModelName, DicomVr.LO, report.ModelName)
            .Add(DicomTags.DeviceSerialNumber, DicomVr.LO, report.ModelHash)
            .Add(DicomTags.DeviceUid, DicomVr.UI, DicomUids.FromName("OsteoMl model " + report.ModelHash))
            .Add(DicomTags.SoftwareVersions, DicomVr.LO, report.ModelVersion)
            .Add(DicomTags.ContributionDateTime, DicomVr.DT, DateTimeValue(report.ContentDateTime))
            .Add(DicomTags.ContributionDescription, DicomVr.ST, "Osteoporosis screening model");

    private static DicomDataset PrivateCodingScheme() =>
        new DicomDataset()
            .Add(DicomTags.CodingSchemeDesignator, DicomVr.SH, SrCodes.PrivateScheme)
            .Add(DicomTags.CodingSchemeName, DicomVr.ST, "OsteoMl screening report concepts")
            .Add(DicomTags.CodingSchemeResponsibleOrganization, DicomVr.ST, Manufacturer);

    private static void AddDocumentGeneral(DicomDataset dataset, ScreeningReport report)
    {
        DateTimeOffset when = report.ContentDateTime;
        var source = SopReference(report.SopClassUid, report.SopInstanceUid);
        var series = new DicomDataset()
            .Add(DicomTags.SeriesInstanceUid, DicomVr.UI, report.SeriesInstanceUid)
            .AddSequence(DicomTags.ReferencedSopSequence, source);
        var study = new DicomDataset()
            .Add(DicomTags.StudyInstanceUid, DicomVr.UI, report.StudyInstanceUid)
            .AddSequence(DicomTags.ReferencedSeriesSequence, series);
        dataset
            .AddInteger(DicomTags.InstanceNumber, report.ReportInstanceNumber)
            .Add(DicomTags.ContentDate, DicomVr.DA, when.ToString("yyyyMMdd", CultureInfo.InvariantCulture))
            .Add(DicomTags.ContentTime, DicomVr.TM, when.ToString("HHmmss", CultureInfo.InvariantCulture))
            .Add(DicomTags.TimezoneOffsetFromUtc, DicomVr.SH, OffsetValue(when.Offset))
            .Add(DicomTags.CompletionFlag, DicomVr.CS, "COMPLETE")
            .Add(DicomTags.VerificationFlag, DicomVr.CS, "UNVERIFIED")
            .AddSequence(DicomTags.PerformedProcedureCodeSequence)
            .AddSequence(DicomTags.CurrentRequestedProcedureEvidenceSequence, study);
    }

    /// <summary>The root container (the document title) and its children.</summary>
    private static void AddContent(DicomDataset dataset, ScreeningReport report) =>
        dataset
            .Add(DicomTags.ValueType, DicomVr.CS, "CONTAINER")
            .AddSequence(DicomTags.ConceptNameCodeSequence, SrCodes.ReportTitle.ToItem())
            .Add(DicomTags.ContinuityOfContent, DicomVr.CS, "SEPARATE")
            .AddSequence(DicomTags.ContentSequence, ContentItems(report));

    private static IEnumerable<DicomDataset> ContentItems(ScreeningReport report)
    {
        if (report.FusedProbability is { } fused)
        {
            yield return Num(Contains, SrCodes.FusedProbability, fused);
        }
        // The image probability is what was measured on the film, so it is the item that cites the film.
        var film = Image(InferredFrom, SrCodes.SourceOfMeasurement, report.SopClassUid, report.SopInstanceUid);
        yield return Num(Contains, SrCodes.ImageProbability, report.ImageProbability, film);
        if (report.ClinicalProbability is { } clinical)
        {
            yield return Num(Contains, SrCodes.ClinicalProbability, clinical);
        }
        yield return Num(Contains, SrCodes.DecisionProbability, report.Probability);
        yield return Num(Contains, SrCodes.Threshold, report.Threshold);
        yield return Code(Contains, SrCodes.Decision, report.Flagged ? SrCodes.Flagged : SrCodes.NotFlagged);
        yield return Text(Contains, SrCodes.Basis, report.Basis);
        yield return Text(Contains, SrCodes.AlgorithmName, report.ModelName);
        yield return Text(Contains, SrCodes.AlgorithmVersion, report.ModelVersion);
        yield return Text(Contains, SrCodes.ModelHash, report.ModelHash);
        yield return Text(Contains, SrCodes.IntendedUse, IntendedUseLimitation);
    }

    private static string DateTimeValue(DateTimeOffset when) =>
        when.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + OffsetValue(when.Offset);

    /// <summary>"+hhmm" or "-hhmm", as DICOM writes a UTC offset.</summary>
    private static string OffsetValue(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString("hhmm", CultureInfo.InvariantCulture);
}
