using OsteoMl.Data;
using OsteoMl.Model;
using OsteoMl.Monitoring;
using OsteoMl.Screening;

namespace OsteoMl.Serving;

/// <summary>
/// Scores one request with the model its lease holds. ML.NET's <c>PredictionEngine</c> keeps per-row buffers and is
/// not thread-safe (dotnet/machinelearning #421, #4528); the zip's transformer chain is immutable, so each request
/// runs its own one-row cursor over it (ONNX Runtime's sessions are safe to run concurrently), and a semaphore bounds
/// how many run at once. A JSON row is scored as <c>predict</c> scores a CSV row; an uploaded DICOM film as
/// <c>predict --dicom</c> screens it.
/// </summary>
public sealed class RequestScorer(int maxConcurrent)
{
    private readonly SemaphoreSlim _slots = new(maxConcurrent, maxConcurrent);

    public async Task<PredictionAnswer> ScoreAsync(
        PredictionRequest request,
        ServedModel served,
        CancellationToken cancel
    )
    {
        await _slots.WaitAsync(cancel);
        try
        {
            string? embeddingColumn = served.Drift?.EmbeddingColumn;
            var (answer, embedding) =
                request.Header is not null && served.FilmScorer is { } screener
                    ? Screened(request, served, screener, embeddingColumn)
                    : AsPredict(request, served, embeddingColumn);
            served.Drift?.Add(
                new MonitoredRow
                {
                    Clinical = request.Values,
                    ImageProbability = answer.PImage ?? float.NaN,
                    ClinicalProbability = answer.PClinical ?? float.NaN,
                    FusedProbability = answer.PFused ?? float.NaN,
                    Predicted = answer.Predicted == 1,
                    Embedding = embedding,
                }
            );
            return answer;
        }
        finally
        {
            _slots.Release();
        }
    }

    private static (PredictionAnswer, float[]?) AsPredict(
        PredictionRequest request,
        ServedModel served,
        string? embeddingColumn
    )
    {
        var expected = served.Model.ExpectedClinicalColumns;
        var cohort = Cohort.FromValues(
            "request",
            [request.PatientId ?? "request"],
            request.LoadablePath is { } film ? [film] : null,
            expected,
            [request.Values]
        );
        Prediction p = served.Model.Score(cohort, embeddingColumn)[0];
        string decided = served.Card.DecidedModel;
        var answer = new PredictionAnswer
        {
            PatientId = request.PatientId,
            Image = request.ImageName,
            PImage = Probability(p.ImageProbability),
            PClinical = Probability(p.ClinicalProbability),
            PFused = Probability(p.FusedProbability),
            PLogistic = Probability(p.LogisticProbability),
            Predicted = p.Predicted ? 1 : 0,
            Basis = decided,
            Threshold = served.Card.Thresholds[decided],
            Missing = Missing(request, expected),
            Warnings = request.Warnings,
            ModelHash = served.Hash,
        };
        return (answer, p.Embedding);
    }

    private static (PredictionAnswer, float[]?) Screened(
        PredictionRequest request,
        ServedModel served,
        FilmScorer screener,
        string? embeddingColumn
    )
    {
        var film = new ScreenedFilm(request.PatientId ?? "request", request.LoadablePath!, request.Values);
        ScreeningScore s = screener.Score([film], embeddingColumn)[0];
        var answer = new PredictionAnswer
        {
            PatientId = request.PatientId,
            Image = request.ImageName,
            SopInstanceUid = request.Header!.SopInstanceUid,
            // The scorer widened the zip's floats to double; narrowing gives back the zip's exact values.
            PImage = (float)s.ImageProbability,
            PClinical = (float?)s.ClinicalProbability,
            PFused = (float?)s.FusedProbability,
            Predicted = s.Flagged ? 1 : 0,
            Basis = s.BasisName,
            Threshold = s.Threshold,
            Missing = s.MissingColumns,
            Warnings = request.Warnings,
            ModelHash = served.Hash,
        };
        return (answer, s.Embedding);
    }

    private static string[] Missing(PredictionRequest request, IReadOnlyDictionary<string, ColumnKind> expected) =>
        [
            .. expected
                .Keys.Where(c => string.IsNullOrEmpty(request.Values.GetValueOrDefault(c)))
                .Order(StringComparer.Ordinal),
        ];

    private static float? Probability(float value) => float.IsNaN(value) ? null : value;
}
