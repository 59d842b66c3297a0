using OsteoMl.Dicom;

namespace OsteoMl.Serving;

/// <summary>
/// One film (or one tabular record) to score, as parsed from a request: the clinical values by the training CSV's
/// column names, the readable film (a PNG ImageAnalytics can load), and what parsing noticed.
/// </summary>
public sealed record PredictionRequest
{
    public string? PatientId { get; init; }

    /// <summary>The film as the request named it (<c>image</c>, or the uploaded file's name).</summary>
    public string? ImageName { get; init; }

    /// <summary>The PNG the model reads (a DICOM film rendered as train and predict render it); null: tabular.</summary>
    public string? LoadablePath { get; init; }

    /// <summary>The film's DICOM header, when the film is DICOM: the answer is then <c>predict --dicom</c>'s.</summary>
    public FilmHeader? Header { get; init; }

    public required IReadOnlyDictionary<string, string> Values { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
