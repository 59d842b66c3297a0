namespace OsteoMl.Dicom;

/// <summary>The value representations <see cref="DicomDataset"/> writes (enough for a structured report).</summary>
public enum DicomVr
{
    AE,
    CS,
    DA,
    DS,
    DT,
    IS,
    LO,
    LT,
    PN,
    SH,
    SQ,
    ST,
    TM,
    UC,
    UI,
    UR,
    US,
    UT,
}
