using OsteoMl.Data;
using OsteoMl.Model;
using OsteoMl.Screening;
using OsteoMl.Tests.Workflows;

namespace OsteoMl.Tests.Screening;

/// <summary>
/// The scorer against the zip itself: with every clinical value it is exactly the zip's fused probability and decision;
/// with only the header's age and sex (the model needs more) it is the image branch at the image threshold.
/// </summary>
public sealed class FilmScorerTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    [Fact]
    public void Given_the_whole_record_Then_the_score_is_the_zips_fused_probability_and_decision()
    {
        using var model = OsteoMlModel.Load(fixture.ModelPath);
        var card = ModelCard.Read(fixture.ModelPath);
        var (cohort, films) = Films(model, keep: _ => true);

        var scores = new FilmScorer(model, card).Score(films);
        var predictions = model.Score(cohort);

        for (int i = 0; i < films.Count; i++)
        {
            var score = scores[i];
            if (score.Basis == ScoreBasis.ImageOnly)
            {
                // A row whose CSV leaves a clinical cell empty has no whole record either.
                Assert.NotEmpty(score.MissingColumns);
                continue;
            }
            Assert.Equal(predictions[i].FusedProbability, score.Probability);
            Assert.Equal(predictions[i].Predicted, score.Flagged);
            Assert.Equal(card.Thresholds["fused"], score.Threshold);
        }
        Assert.Contains(scores, s => s.Basis == ScoreBasis.Fused);
    }

    [Fact]
    public void Given_only_age_and_sex_Then_the_image_branch_decides_at_its_own_threshold()
    {
        using var model = OsteoMlModel.Load(fixture.ModelPath);
        var card = ModelCard.Read(fixture.ModelPath);
        var (cohort, films) = Films(model, keep: column => column is "age" or "sex");

        var scores = new FilmScorer(model, card).Score(films);
        var predictions = model.Score(cohort);

        for (int i = 0; i < films.Count; i++)
        {
            Assert.Equal(ScoreBasis.ImageOnly, scores[i].Basis);
            Assert.Equal("image-only", scores[i].BasisName);
            Assert.Null(scores[i].FusedProbability);
            Assert.Equal(predictions[i].ImageProbability, scores[i].Probability);
            Assert.Equal(card.Thresholds["image"], scores[i].Threshold);
            Assert.Equal(scores[i].Probability >= card.Thresholds["image"], scores[i].Flagged);
            Assert.DoesNotContain("age", scores[i].MissingColumns);
        }
    }

    /// <summary>The cohort's first rows as the zip reads them, and as films with the chosen columns' values.</summary>
    private (Cohort Cohort, IReadOnlyList<ScreenedFilm> Films) Films(OsteoMlModel model, Func<string, bool> keep)
    {
        var cohort = CohortReader.Read(
            fixture.CsvPath,
            new CohortOptions { ExpectedColumns = model.ExpectedClinicalColumns, RequireLabel = false }
        );
        var rows = File.ReadAllLines(fixture.CsvPath);
        string[] header = rows[0].Split(',');
        var films = new List<ScreenedFilm>();
        for (int i = 0; i < 12; i++)
        {
            string[] cells = rows[i + 1].Split(',');
            var values = header
                .Select((name, c) => (name, value: cells[c]))
                .Where(x => model.ExpectedClinicalColumns.ContainsKey(x.name) && keep(x.name))
                .ToDictionary(x => x.name, x => x.value);
            films.Add(new ScreenedFilm(cohort.PatientIds[i], cohort.ImagePaths![i], values));
        }
        return (cohort.Subset([.. Enumerable.Range(0, 12)]), films);
    }
}
