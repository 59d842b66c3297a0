using OsteoMl.Data;
using OsteoMl.Model;

namespace OsteoMl.Screening;

/// <summary>
/// Scores films with a multimodal zip, choosing each film's basis: the fused probability and the zip's own decision
/// when every clinical value the model needs is known; otherwise the image branch alone at the image threshold frozen at
/// training (<see cref="ScoreBasis.ImageOnly"/>), because the fused probability of a film whose record is missing
/// would rest on values the zip imputed for a whole record.
/// </summary>
public sealed class FilmScorer
{
    private readonly OsteoMlModel _model;
    private readonly double _fusedThreshold;
    private readonly double _imageThreshold;

    /// <exception cref="ModelFileException">A tabular-only zip, or a card without the two thresholds.</exception>
    public FilmScorer(OsteoMlModel model, ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(card);
        if (!model.UsesImages)
        {
            throw new ModelFileException(
                "a tabular-only model cannot screen films; train one with images.",
                model.Path
            );
        }
        _model = model;
        _fusedThreshold = Threshold(card, "fused", model.Path);
        _imageThreshold = Threshold(card, "image", model.Path);
    }

    /// <param name="embeddingColumn">A vector column of the zip to return with each score (drift monitoring).</param>
    public IReadOnlyList<ScreeningScore> Score(IReadOnlyList<ScreenedFilm> films, string? embeddingColumn = null)
    {
        ArgumentNullException.ThrowIfNull(films);
        if (films.Count == 0)
        {
            return [];
        }
        var expected = _model.ExpectedClinicalColumns;
        Cohort cohort = Cohort.FromValues(
            "DICOM films",
            [.. films.Select(f => f.Id)],
            [.. films.Select(f => f.ImagePath)],
            expected,
            [.. films.Select(f => f.Values)]
        );
        var predictions = _model.Score(cohort, embeddingColumn);
        return
        [
            .. films.Select(
                (film, i) =>
                    Decide(predictions[i], Missing(film, expected)) with
                    {
                        Embedding = predictions[i].Embedding,
                    }
            ),
        ];
    }

    private ScreeningScore Decide(Prediction prediction, IReadOnlyList<string> missing)
    {
        if (missing.Count == 0)
        {
            return new ScreeningScore(
                prediction.ImageProbability,
                prediction.ClinicalProbability,
                prediction.FusedProbability,
                prediction.FusedProbability,
                _fusedThreshold,
                prediction.Predicted,
                ScoreBasis.Fused,
                missing
            );
        }
        double image = prediction.ImageProbability;
        return new ScreeningScore(
            image,
            null,
            null,
            image,
            _imageThreshold,
            image >= _imageThreshold,
            ScoreBasis.ImageOnly,
            missing
        );
    }

    private static string[] Missing(ScreenedFilm film, IReadOnlyDictionary<string, ColumnKind> expected) =>
        [
            .. expected
                .Keys.Where(c => string.IsNullOrEmpty(film.Values.GetValueOrDefault(c)))
                .Order(StringComparer.Ordinal),
        ];

    private static double Threshold(ModelCard card, string name, string path) =>
        card.Thresholds.TryGetValue(name, out double threshold)
            ? threshold
            : throw new ModelFileException($"the model card has no frozen {name} threshold.", path);
}
