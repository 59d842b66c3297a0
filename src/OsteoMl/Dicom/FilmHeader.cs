using System.Globalization;

namespace OsteoMl.Dicom;

/// <summary>
/// The DICOM header fields screening needs: what the film is (modality, body part, view, image type, SOP class,
/// photometric interpretation, transfer syntax), the patient's age and sex, and the UIDs a result refers to. The
/// patient's ID and name are kept only to file a report into the same patient record; nothing here is logged.
/// </summary>
public sealed record FilmHeader
{
    public const string SecondaryCaptureClassPrefix = "1.2.840.10008.5.1.4.1.1.7";

    public string? SopClassUid { get; init; }
    public string? SopInstanceUid { get; init; }
    public string? StudyInstanceUid { get; init; }
    public string? SeriesInstanceUid { get; init; }
    public string TransferSyntax { get; init; } = TransferSyntaxes.ExplicitLittleEndian;
    public string? Modality { get; init; }
    public string? BodyPartExamined { get; init; }
    public string? ViewPosition { get; init; }

    /// <summary>Image Type (0008,0008) values, upper case: ORIGINAL or DERIVED, PRIMARY or SECONDARY, …</summary>
    public IReadOnlyList<string> ImageType { get; init; } = [];
    public string? PhotometricInterpretation { get; init; }
    public int? SamplesPerPixel { get; init; }
    public string? PatientAge { get; init; }
    public string? PatientBirthDate { get; init; }
    public string? PatientSex { get; init; }
    public string? StudyDate { get; init; }
    public string? StudyTime { get; init; }
    public string? StudyId { get; init; }
    public string? AccessionNumber { get; init; }
    public string? ReferringPhysicianName { get; init; }
    public string? PatientId { get; init; }
    public string? PatientName { get; init; }

    /// <summary>The header of a Part 10 file, whatever its transfer syntax (the pixels are not decoded).</summary>
    /// <exception cref="InvalidDataException">Not a readable DICOM file.</exception>
    public static FilmHeader Parse(byte[] bytes) => From(DicomFile.ParseAttributes(bytes));

    public static FilmHeader Read(string path) => Parse(File.ReadAllBytes(path));

    public static FilmHeader From(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        string? Text(uint tag) => file.GetString(tag) is { Length: > 0 } value ? value : null;
        return new FilmHeader
        {
            SopClassUid = Text(0x00080016),
            SopInstanceUid = Text(0x00080018),
            StudyInstanceUid = Text(0x0020000D),
            SeriesInstanceUid = Text(0x0020000E),
            TransferSyntax = file.TransferSyntax,
            Modality = Text(0x00080060)?.ToUpperInvariant(),
            BodyPartExamined = Text(0x00180015)?.ToUpperInvariant(),
            ViewPosition = Text(0x00185101)?.ToUpperInvariant(),
            ImageType = Text(0x00080008) is { } type
                ? [.. type.Split('\\').Select(v => v.Trim().ToUpperInvariant())]
                : [],
            PhotometricInterpretation = Text(0x00280004)?.ToUpperInvariant(),
            SamplesPerPixel = file.GetUInt16(0x00280002),
            PatientAge = Text(0x00101010),
            PatientBirthDate = Text(0x00100030),
            PatientSex = Text(0x00100040)?.ToUpperInvariant(),
            StudyDate = Text(0x00080020),
            StudyTime = Text(0x00080030),
            StudyId = Text(0x00200010),
            AccessionNumber = Text(0x00080050),
            ReferringPhysicianName = Text(0x00080090),
            PatientId = Text(0x00100020),
            PatientName = Text(0x00100010),
        };
    }

    /// <summary>
    /// The patient's age in whole years at the study: Patient's Age (0010,1010; "065Y", months, weeks or days turned
    /// into completed years), else Study Date − Patient's Birth Date; null when neither is there or readable.
    /// </summary>
    public int? AgeYears => AgeFromAgeString(PatientAge) ?? AgeFromDates(PatientBirthDate, StudyDate);

    /// <summary>"M" or "F"; null for O, empty or anything else (a model's sex feature knows only M and F).</summary>
    public string? Sex => PatientSex is "M" or "F" ? PatientSex : null;

    /// <summary>True when the SOP class is a Secondary Capture (a screenshot or scanned film, not a detector's).</summary>
    public bool IsSecondaryCapture =>
        SopClassUid is { } uid && uid.StartsWith(SecondaryCaptureClassPrefix, StringComparison.Ordinal);

    private static int? AgeFromAgeString(string? age)
    {
        if (
            age is not { Length: 4 }
            || !int.TryParse(age.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out int n)
        )
        {
            return null;
        }
        return char.ToUpperInvariant(age[3]) switch
        {
            'Y' => n,
            'M' => n / 12,
            'W' => (int)(n * 7 / 365.25),
            'D' => (int)(n / 365.25),
            _ => null,
        };
    }

    private static int? AgeFromDates(string? birth, string? study)
    {
        if (!TryDate(birth, out DateOnly born) || !TryDate(study, out DateOnly taken) || taken < born)
        {
            return null;
        }
        int years = taken.Year - born.Year;
        return taken < born.AddYears(years) ? years - 1 : years;
    }

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
