namespace OsteoMl.Dicom;

/// <summary>
/// What a radiograph's DICOM header says about the patient, the study and the acquisition, for
/// <see cref="DicomFilmWriter"/>: the fields screening reads (modality, body part, view, age, sex) and the UIDs a PACS
/// files the film under.
/// </summary>
public sealed record DicomFilmHeader
{
    public required string PatientId { get; init; }
    public string? PatientName { get; init; }

    /// <summary>M, F or O; null writes an empty value.</summary>
    public string? PatientSex { get; init; }

    /// <summary>Age at the study in whole years, written as Patient's Age "nnnY"; null leaves it empty.</summary>
    public int? AgeYears { get; init; }
    public string? StudyDate { get; init; }
    public required string StudyInstanceUid { get; init; }
    public required string SeriesInstanceUid { get; init; }
    public required string SopInstanceUid { get; init; }
    public string Modality { get; init; } = "DX";
    public string? BodyPartExamined { get; init; } = "CHEST";
    public string? ViewPosition { get; init; } = "PA";

    /// <summary>Image Type values, e.g. ORIGINAL\PRIMARY (DERIVED\SECONDARY for a reprocessed film).</summary>
    public string ImageType { get; init; } = @"ORIGINAL\PRIMARY";

    /// <summary>Millimetres per pixel at the detector, when known.</summary>
    public double? PixelSpacingMm { get; init; }

    /// <summary>A free-text note kept with the film (e.g. that it is SYNTHETIC).</summary>
    public string? ImageComments { get; init; }
}
