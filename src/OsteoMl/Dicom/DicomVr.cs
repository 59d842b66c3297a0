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

    /// <summary>Other Byte: 8-bit pixel data.</summary>
    OB,

    /// <summary>Other Word: 16-bit pixel data (little endian).</summary>
    OW,

    /// <summary>Age String: "nnnD", "nnnW", "nnnM" or "nnnY".</summary>
    AS,
}
