using Microsoft.ML;
using Microsoft.ML.Data;
using OsteoMl.AutoML;
using OsteoMl.Data;

namespace OsteoMl.Tests.AutoML;

public sealed class ClinicalEnsembleTests
{
    private static readonly EnsembleMember[] Members =
    [
        new(Portfolio.Default[0], 0.6, 0),
        new(Portfolio.Default[4], 0.28, 4),
        new(Portfolio.Default[2], 0.12, 2),
    ];

    [Fact]
    public void Given_an_ensemble_When_saved_and_loaded_Then_it_scores_the_weighted_mean_of_its_members_exactly_again()
    {
        using var folder = new TempFolder();
        var cohort = CohortReader.Read(
            TabularData.Write(folder.File("table.csv")),
            new CohortOptions
            {
                LabelColumn = "outcome",
                IdColumnOptional = true,
                RequireImages = false,
            }
        );
        var data = new CohortDataView(cohort);
        var mlContext = new MLContext(1);

        var model = ClinicalEnsemble.Create(mlContext, cohort.Columns, ModelColumns.Label, Members, seed: 1).Fit(data);
        float[] ensemble = Probabilities(model.Transform(data));
        double[] expected = new double[cohort.Count];
        foreach (var member in Members)
        {
            var alone = ClinicalPipeline.Create(mlContext, cohort.Columns, ModelColumns.Label, member.Parameters, 1);
            float[] p = Probabilities(alone.Fit(data).Transform(data));
            for (int i = 0; i < p.Length; i++)
            {
                expected[i] += (float)member.Weight * p[i];
            }
        }
        string zip = folder.File("ensemble.zip");
        mlContext.Model.Save(model, data.Schema, zip);
        float[] reloaded = Probabilities(new MLContext(2).Model.Load(zip, out _).Transform(data));

        Assert.Equal(ensemble, reloaded);
        Assert.All(ensemble.Zip(expected), x => Assert.Equal(x.Second, x.First, 5));
        Assert.DoesNotContain(
            model.Transform(data).Schema,
            c => c.Name.StartsWith(ClinicalEnsemble.MemberColumnPrefix, StringComparison.Ordinal)
        );
    }

    private static float[] Probabilities(IDataView scored) => [.. scored.GetColumn<float>("Probability")];
}
