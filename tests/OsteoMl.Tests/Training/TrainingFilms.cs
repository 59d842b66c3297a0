using Microsoft.ML;
using OsteoMl.Data;
using OsteoMl.Imaging;
using OsteoMl.Simulation;

namespace OsteoMl.Tests.Training;

/// <summary>Small sets of simulated (synthetic) films, decoded exactly as training decodes them.</summary>
internal static class TrainingFilms
{
    public static (byte[][] Films, bool[] Labels) Simulate(string folder, int patients, int seed)
    {
        CohortSimulator.Generate(folder, patients, seed, SiteProfile.A);
        var cohort = CohortReader.Read(folder, new CohortOptions { ExcludeColumns = ["t_score", "site"] });
        var mlContext = new MLContext(seed);
        IDataView view = new CohortDataView(cohort);
        var films = GrayFilm.ReadAll(
            mlContext.Transforms.PreprocessRadiograph(ModelColumns.ImagePath).Fit(view).Transform(view)
        );
        return (films, [.. cohort.Labels!]);
    }
}
