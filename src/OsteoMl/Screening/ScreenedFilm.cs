namespace OsteoMl.Screening;

/// <summary>
/// A film to score: an id for the output (never shown in logs), the path the image pipeline reads (a PNG, or the cached
/// PNG of a DICOM file), and the clinical values known for it by column name (from its header and, where given, a CSV).
/// </summary>
public sealed record ScreenedFilm(string Id, string ImagePath, IReadOnlyDictionary<string, string> Values);
