using Microsoft.ML;
using Microsoft.ML.Data;
using OsteoMl.Data;
using OsteoMl.Imaging;
using OsteoMl.Simulation;

namespace OsteoMl.Tests.Imaging;

public sealed class BatchedEmbedderTests
{
    [Fact]
    public void Given_the_same_films_When_embedding_batched_and_through_the_saved_pipeline_Then_the_vectors_agree()
    {
        using var folder = new TempFolder();
        CohortSimulator.Generate(folder.Path, 11, seed: 5, SiteProfile.A);
        var cohort = CohortReader.Read(folder.Path, new CohortOptions { ExcludeColumns = ["t_score", "site"] });
        var mlContext = new MLContext(1);
        IDataView view = new CohortDataView(cohort);

        var stock = mlContext.Transforms.FeaturizeRadiograph("Embedding", ModelColumns.ImagePath).Fit(view).Transform(view)
            .GetColumn<VBuffer<float>>("Embedding").Select(v => v.DenseValues().ToArray()).ToArray();
        using var embedder = BatchedEmbedder.Create();
        var batched = embedder.Embed(mlContext.Transforms.PreprocessRadiograph(ModelColumns.ImagePath).Fit(view).Transform(view), batchSize: 4);

        Assert.Equal(cohort.Count, batched.Length); // 11 rows: two full batches of 4 and a partial one
        double maxDifference = stock.Zip(batched).Max(pair => pair.First.Zip(pair.Second).Max(x => Math.Abs(x.First - x.Second)));
        Assert.True(maxDifference <= 1e-4, $"max abs difference {maxDifference}");
        Assert.All(batched, e => Assert.Equal(RadiographCatalog.EmbeddingSize, e.Length));
    }
}
