using System.Text.Json;
using OsteoMl.AutoML;
using OsteoMl.Data;
using OsteoMl.Monitoring;

namespace OsteoMl.Tests.Monitoring;

/// <summary>
/// The image embedding's principal-component projections: embeddings made in code (64 features, one strong latent
/// direction, one weak one, noise), so the components and the drift each test looks for are known.
/// </summary>
public sealed class EmbeddingDriftTests
{
    private const int Features = 64;

    /// <summary>The latent directions: unit vectors on features 0–7 (strong) and 8–15 (weak).</summary>
    private static readonly float[] Strong = Direction(0);
    private static readonly float[] Weak = Direction(8);

    private static float[] Direction(int first)
    {
        var v = new float[Features];
        for (int f = first; f < first + 8; f++)
        {
            v[f] = 1 / MathF.Sqrt(8);
        }
        return v;
    }

    /// <summary>Embeddings of <paramref name="count"/> films; <paramref name="weakShift"/> moves the weak latent's mean (its SD is 1).</summary>
    private static float[][] Embeddings(int count, int seed, double weakShift = 0)
    {
        var random = new Random(seed);
        double Gaussian() =>
            Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return
        [
            .. Enumerable
                .Range(0, count)
                .Select(_ =>
                {
                    double strong = 6 * Gaussian(),
                        weak = Gaussian() + weakShift;
                    return Enumerable
                        .Range(0, Features)
                        .Select(f => (float)(5 + strong * Strong[f] + weak * Weak[f] + 0.3 * Gaussian()))
                        .ToArray();
                }),
        ];
    }

    private static DriftReport Monitor(EmbeddingReference embedding, float[][] films)
    {
        var window = new DriftWindow(SyntheticReferences.Of(embedding: embedding));
        foreach (var film in films)
        {
            window.Add(new MonitoredRow { Predicted = false, Embedding = film });
        }
        return window.Report();
    }

    private static double Cosine(IReadOnlyList<float> a, float[] b)
    {
        double dot = 0,
            na = 0,
            nb = 0;
        for (int i = 0; i < b.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.Sqrt(na * nb);
    }

    [Fact]
    public void Given_embeddings_with_two_latent_directions_When_fitting_Then_the_first_components_are_those_directions()
    {
        var reference = EmbeddingReference.Fit("ImageEmbedding", Embeddings(800, 1), Embeddings(700, 11))!;

        Assert.Equal(EmbeddingReference.DefaultComponents, reference.Components.Count);
        Assert.True(Math.Abs(Cosine(reference.Components[0], Strong)) > 0.98);
        Assert.True(Math.Abs(Cosine(reference.Components[1], Weak)) > 0.98);
        Assert.True(reference.ExplainedVariance[0] > reference.ExplainedVariance[1]);
        Assert.True(reference.ExplainedVariance.Sum() <= 1 + 1e-9);
        Assert.Equal(
            ["embedding_pc1", "embedding_pc2", "embedding_pc3", "embedding_pc4"],
            reference.Histograms.Select(h => h.Name)
        );
        Assert.All(
            reference.Histograms.SelectMany(h => h.Bins),
            b => Assert.True(b.Count >= DriftHistogram.MinimumCount)
        );
        Assert.All(reference.Histograms, h => Assert.Equal(700, h.Total));
    }

    [Fact]
    public void Given_the_same_embeddings_When_fitting_twice_Then_the_references_are_identical()
    {
        var (fit, describe) = (Embeddings(300, 3), Embeddings(200, 4));

        string first = JsonSerializer.Serialize(
            EmbeddingReference.Fit("ImageEmbedding", fit, describe),
            TrialLog.JsonOptions
        );
        string second = JsonSerializer.Serialize(
            EmbeddingReference.Fit("ImageEmbedding", fit, describe),
            TrialLog.JsonOptions
        );

        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(9)]
    public void Given_new_films_of_the_same_population_When_monitoring_Then_no_embedding_alarm(int seed)
    {
        var reference = EmbeddingReference.Fit("ImageEmbedding", Embeddings(800, 1), Embeddings(700, 11))!;

        var report = Monitor(reference, Embeddings(500, seed));

        Assert.Empty(report.Alarms);
        Assert.All(report.Embedding, s => Assert.Equal(500, s.Rows));
    }

    [Fact]
    public void Given_films_whose_weak_latent_moved_half_an_SD_When_monitoring_Then_the_second_component_alarms()
    {
        var reference = EmbeddingReference.Fit("ImageEmbedding", Embeddings(800, 1), Embeddings(700, 11))!;

        var report = Monitor(reference, Embeddings(500, 2, weakShift: 0.5));

        string[] alarmed = [.. report.Alarms.Select(a => a.Subject)];
        Assert.Contains("embedding_pc2", alarmed);
        Assert.DoesNotContain("embedding_pc1", alarmed);
    }

    [Fact]
    public void Given_embeddings_of_another_length_or_none_When_monitoring_Then_they_are_not_counted_and_a_note_says_so()
    {
        var reference = EmbeddingReference.Fit("ImageEmbedding", Embeddings(100, 1), Embeddings(100, 2))!;
        var window = new DriftWindow(SyntheticReferences.Of(embedding: reference));

        window.Add(new MonitoredRow { Predicted = false, Embedding = new float[Features + 1] });
        window.Add(new MonitoredRow { Predicted = false });
        var report = window.Report();

        Assert.All(report.Embedding, s => Assert.Equal(0, s.Rows));
        Assert.Contains(report.Notes, n => n.Contains("embedding is not monitored", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_too_few_films_When_fitting_Then_there_is_no_reference()
    {
        var few = Embeddings(2 * DriftHistogram.MinimumCount - 1, 1);

        Assert.Null(EmbeddingReference.Fit("ImageEmbedding", few, Embeddings(100, 2)));
        Assert.Null(EmbeddingReference.Fit("ImageEmbedding", Embeddings(100, 2), few));
    }
}
