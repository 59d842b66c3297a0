namespace OsteoMl.Dicom;

/// <summary>The tags OsteoMl writes, as (group &lt;&lt; 16) | element, named as in PS3.6.</summary>
public static class DicomTags
{
    public const uint FileMetaInformationGroupLength = 0x00020000;
    public const uint FileMetaInformationVersion = 0x00020001;
    public const uint MediaStorageSopClassUid = 0x00020002;
    public const uint MediaStorageSopInstanceUid = 0x00020003;
    public const uint TransferSyntaxUid = 0x00020010;
    public const uint ImplementationClassUid = 0x00020012;
    public const uint ImplementationVersionName = 0x00020013;

    public const uint SpecificCharacterSet = 0x00080005;
    public const uint InstanceCreationDate = 0x00080012;
    public const uint InstanceCreationTime = 0x00080013;
    public const uint SopClassUid = 0x00080016;
    public const uint SopInstanceUid = 0x00080018;
    public const uint StudyDate = 0x00080020;
    public const uint ContentDate = 0x00080023;
    public const uint StudyTime = 0x00080030;
    public const uint ContentTime = 0x00080033;
    public const uint AccessionNumber = 0x00080050;
    public const uint Modality = 0x00080060;
    public const uint Manufacturer = 0x00080070;
    public const uint ReferringPhysicianName = 0x00080090;
    public const uint CodeValue = 0x00080100;
    public const uint CodingSchemeDesignator = 0x00080102;
    public const uint CodeMeaning = 0x00080104;
    public const uint CodingSchemeIdentificationSequence = 0x00080110;
    public const uint CodingSchemeRegistry = 0x00080112;
    public const uint CodingSchemeName = 0x00080115;
    public const uint CodingSchemeResponsibleOrganization = 0x00080116;
    public const uint TimezoneOffsetFromUtc = 0x00080201;
    public const uint SeriesDescription = 0x0008103E;
    public const uint ManufacturerModelName = 0x00081090;
    public const uint ReferencedPerformedProcedureStepSequence = 0x00081111;
    public const uint ReferencedSeriesSequence = 0x00081115;
    public const uint ReferencedSopClassUid = 0x00081150;
    public const uint ReferencedSopInstanceUid = 0x00081155;
    public const uint ReferencedSopSequence = 0x00081199;

    public const uint PatientName = 0x00100010;
    public const uint PatientId = 0x00100020;
    public const uint PatientBirthDate = 0x00100030;
    public const uint PatientSex = 0x00100040;

    public const uint DeviceSerialNumber = 0x00181000;
    public const uint DeviceUid = 0x00181002;
    public const uint SoftwareVersions = 0x00181020;
    public const uint ContributingEquipmentSequence = 0x0018A001;
    public const uint ContributionDateTime = 0x0018A002;
    public const uint ContributionDescription = 0x0018A003;

    public const uint StudyInstanceUid = 0x0020000D;
    public const uint SeriesInstanceUid = 0x0020000E;
    public const uint StudyId = 0x00200010;
    public const uint SeriesNumber = 0x00200011;
    public const uint InstanceNumber = 0x00200013;

    public const uint MeasurementUnitsCodeSequence = 0x004008EA;
    public const uint RelationshipType = 0x0040A010;
    public const uint ValueType = 0x0040A040;
    public const uint ConceptNameCodeSequence = 0x0040A043;
    public const uint ContinuityOfContent = 0x0040A050;
    public const uint TextValue = 0x0040A160;
    public const uint ConceptCodeSequence = 0x0040A168;
    public const uint PurposeOfReferenceCodeSequence = 0x0040A170;
    public const uint MeasuredValueSequence = 0x0040A300;
    public const uint NumericValue = 0x0040A30A;
    public const uint PerformedProcedureCodeSequence = 0x0040A372;
    public const uint CurrentRequestedProcedureEvidenceSequence = 0x0040A375;
    public const uint CompletionFlag = 0x0040A491;
    public const uint VerificationFlag = 0x0040A493;
    public const uint ContentSequence = 0x0040A730;

    // A radiograph's image attributes (DicomFilmWriter).
    public const uint ImageType = 0x00080008;
    public const uint PatientAge = 0x00101010;
    public const uint BodyPartExamined = 0x00180015;
    public const uint ViewPosition = 0x00185101;
    public const uint ImagerPixelSpacing = 0x00181164;
    public const uint PatientOrientation = 0x00200020;
    public const uint SamplesPerPixel = 0x00280002;
    public const uint PhotometricInterpretation = 0x00280004;
    public const uint Rows = 0x00280010;
    public const uint Columns = 0x00280011;
    public const uint PixelSpacing = 0x00280030;
    public const uint BitsAllocated = 0x00280100;
    public const uint BitsStored = 0x00280101;
    public const uint HighBit = 0x00280102;
    public const uint PixelRepresentation = 0x00280103;
    public const uint PresentationLutShape = 0x20500020;
    public const uint BurnedInAnnotation = 0x00280301;
    public const uint PixelData = 0x7FE00010;
    public const uint ImageComments = 0x00204000;
}
