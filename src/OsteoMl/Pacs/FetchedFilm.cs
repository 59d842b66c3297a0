using OsteoMl.Dicom;
using OsteoMl.Screening;

namespace OsteoMl.Pacs;

/// <summary>An eligible film fetched from the PACS: its header, its DICOM file in scratch, and the PNG the zip reads.</summary>
internal sealed record FetchedFilm(FilmHeader Header, string FilePath, string LoadablePath);
