using Microsoft.ML;
using Microsoft.ML.Data;
using OsteoMl.Common;
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

        var stock = mlContext
            .Transforms.FeaturizeRadiograph("Embedding", ModelColumns.ImagePath)
            .Fit(view)
            .Transform(view)
            .GetColumn<VBuffer<float>>("Embedding")
            .Select(v => v.DenseValues().ToArray())
            .ToArray();
        using var embedder = BatchedEmbedder.Create();
        var batched = embedder.Embed(
            mlContext.Transforms.PreprocessRadiograph(ModelColumns.ImagePath).Fit(view).Transform(view),
            batchSize: 4
        );

        Assert.Equal(cohort.Count, batched.Length); // 11 rows: two full batches of 4 and a partial one
        double maxDifference = stock
            .Zip(batched)
            .Max(pair => pair.First.Zip(pair.Second).Max(x => Math.Abs(x.First - x.Second)));
        Assert.True(maxDifference <= 1e-4, $"max abs difference {maxDifference}");
        Assert.All(batched, e => Assert.Equal(RadiographCatalog.EmbeddingSize, e.Length));
    }

    [Fact]
    public async Task Given_a_consumer_that_fails_on_the_first_batch_When_embedding_Then_the_error_comes_back_instead_of_a_hang()
    {
        using var folder = new TempFolder();
        CohortSimulator.Generate(folder.Path, 12, seed: 7, SiteProfile.A);
        var cohort = CohortReader.Read(folder.Path, new CohortOptions { ExcludeColumns = ["t_score", "site"] });
        var mlContext = new MLContext(1);
        IDataView view = new CohortDataView(cohort);
        using var embedder = BatchedEmbedder.Create();
        var pixels = mlContext.Transforms.PreprocessRadiograph(ModelColumns.ImagePath).Fit(view).Transform(view);

        // 12 films in batches of 1: more batches than the 3 buffers and 2 queue places, so the reader is still
        // waiting for a buffer when the consumer fails (it waited for ever before).
        var embedding = Task.Run(() =>
            embedder.Embed(pixels, batchSize: 1, progress: _ => throw new IOException("disk full"))
        );

        await Assert.ThrowsAsync<IOException>(() => embedding.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public void Given_spilled_rows_When_embedding_Then_each_films_stage_4_activations_average_to_its_embedding_and_gray_films_are_kept()
    {
        using var folder = new TempFolder();
        CohortSimulator.Generate(folder.Path, 5, seed: 6, SiteProfile.A);
        var cohort = CohortReader.Read(folder.Path, new CohortOptions { ExcludeColumns = ["t_score", "site"] });
        var mlContext = new MLContext(1);
        IDataView view = new CohortDataView(cohort);
        using var embedder = BatchedEmbedder.Create();
        using var films = new SpilledRows<byte>(224 * 224, folder.Path);
        using var stage4 = new SpilledRows<float>(BatchedEmbedder.Stage4Size, folder.Path);

        var embeddings = embedder.Embed(
            mlContext.Transforms.PreprocessRadiograph(ModelColumns.ImagePath).Fit(view).Transform(view),
            batchSize: 2,
            films: films,
            stage4: stage4
        );

        Assert.Equal(cohort.Count, stage4.Count);
        Assert.Equal(cohort.Count, films.Count);
        Assert.All(films, f => Assert.Equal(224 * 224, f.Length));
        for (int i = 0; i < cohort.Count; i++)
        {
            Assert.Equal(BatchedEmbedder.Stage4Size, stage4[i].Length);
            for (int c = 0; c < RadiographCatalog.EmbeddingSize; c++)
            {
                float mean = stage4[i].AsSpan(c * 49, 49).ToArray().Average();
                Assert.InRange(Math.Abs(mean - embeddings[i][c]), 0, 1e-4);
            }
        }
    }
}
