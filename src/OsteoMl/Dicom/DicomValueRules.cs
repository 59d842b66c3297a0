namespace OsteoMl.Dicom;

/// <summary>
/// The PS3.5 table 6.2-1 limits a string value must meet before it is written: characters per value, ASCII-only VRs,
/// UID syntax. A reader such as dcmtk warns on a violation, and a PACS may refuse the object.
/// </summary>
internal static class DicomValueRules
{
    public const int DecimalStringLength = 16;

    /// <summary>The most characters one value may have (per component group for PN); absent: no practical limit.</summary>
    private static readonly Dictionary<DicomVr, int> MaximumCharacters = new()
    {
        [DicomVr.AE] = 16,
        [DicomVr.AS] = 4,
        [DicomVr.CS] = 16,
        [DicomVr.DA] = 8,
        [DicomVr.DS] = DecimalStringLength,
        [DicomVr.DT] = 26,
        [DicomVr.IS] = 12,
        [DicomVr.LO] = 64,
        [DicomVr.LT] = 10240,
        [DicomVr.PN] = 64,
        [DicomVr.SH] = 16,
        [DicomVr.ST] = 1024,
        [DicomVr.TM] = 14,
        [DicomVr.UI] = DicomUids.MaximumLength,
    };

    /// <summary>VRs whose repertoire is the default (ASCII) character set whatever the Specific Character Set.</summary>
    private static readonly HashSet<DicomVr> AsciiOnly =
    [
        DicomVr.AE,
        DicomVr.AS,
        DicomVr.CS,
        DicomVr.DA,
        DicomVr.DS,
        DicomVr.DT,
        DicomVr.IS,
        DicomVr.TM,
        DicomVr.UI,
        DicomVr.UR,
    ];

    /// <summary>Free-text VRs: a '\' is text there, not a value separator.</summary>
    private static readonly HashSet<DicomVr> SingleValued = [DicomVr.LT, DicomVr.ST, DicomVr.UT, DicomVr.UR];

    public static void Check(uint tag, DicomVr vr, string text)
    {
        if (AsciiOnly.Contains(vr) && !System.Text.Ascii.IsValid(text))
        {
            throw new ArgumentException($"{DicomDataset.Describe(tag, vr)}: only ASCII characters are allowed.");
        }
        string[] values = SingleValued.Contains(vr) ? [text] : text.Split('\\');
        foreach (string value in values)
        {
            CheckValue(tag, vr, value);
        }
    }

    private static void CheckValue(uint tag, DicomVr vr, string value)
    {
        // PN's limit is per component group (alphabetic=ideographic=phonetic).
        string[] parts = vr == DicomVr.PN ? value.Split('=') : [value];
        if (MaximumCharacters.TryGetValue(vr, out int limit) && parts.Any(part => part.Length > limit))
        {
            throw new ArgumentException(
                $"{DicomDataset.Describe(tag, vr)}: a value is longer than {limit} characters."
            );
        }
        if (vr == DicomVr.UI && value.Length > 0 && !DicomUids.IsValid(value))
        {
            throw new ArgumentException($"{DicomDataset.Describe(tag, vr)}: not a valid UID.");
        }
    }
}
