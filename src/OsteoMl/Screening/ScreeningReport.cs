namespace OsteoMl.Screening;

/// <summary>
/// The content of one screening structured report: the scored film it refers to, the patient and study attributes
/// copied from that film (so a PACS files the report beside it), the result, the model that produced it, and the
/// report's own identity. Patient and study attributes are type 2: null is written as an empty value.
/// </summary>
public sealed record ScreeningReport
{
    public const string FusedBasis = "fused";
    public const string ImageOnlyBasis = "image-only";

    // The scored film.
    public required string StudyInstanceUid { get; init; }
    public required string SeriesInstanceUid { get; init; }
    public required string SopInstanceUid { get; init; }
    public required string SopClassUid { get; init; }

    // Copied from the scored film.
    public string? PatientName { get; init; }
    public string? PatientId { get; init; }
    public string? PatientBirthDate { get; init; }
    public string? PatientSex { get; init; }
    public string? StudyDate { get; init; }
    public string? StudyTime { get; init; }
    public string? StudyId { get; init; }
    public string? AccessionNumber { get; init; }
    public string? ReferringPhysicianName { get; init; }

    // The result.
    /// <summary>The fused (image + clinical) probability; null when <see cref="Basis"/> is image-only.</summary>
    public double? FusedProbability { get; init; }
    public required double ImageProbability { get; init; }

    /// <summary>The clinical model's probability; null when the film came without clinical data.</summary>
    public double? ClinicalProbability { get; init; }

    /// <summary>The probability compared with <see cref="Threshold"/>: the fused one, or the image one.</summary>
    public required double Probability { get; init; }
    public required bool Flagged { get; init; }
    public required double Threshold { get; init; }

    /// <summary><see cref="FusedBasis"/> or <see cref="ImageOnlyBasis"/>.</summary>
    public required string Basis { get; init; }

    // The model.
    public required string ModelName { get; init; }
    public required string ModelVersion { get; init; }
    public required string ModelHash { get; init; }

    // The report itself; the caller chooses these so that writing the same report twice gives the same bytes.
    public required string ReportSopInstanceUid { get; init; }
    public required string ReportSeriesInstanceUid { get; init; }
    public required DateTimeOffset ContentDateTime { get; init; }

    /// <summary>High by default, so viewers that sort series by number list the report after the films.</summary>
    public int ReportSeriesNumber { get; init; } = 9900;
    public int ReportInstanceNumber { get; init; } = 1;
}
