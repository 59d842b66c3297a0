using System.Globalization;
using OsteoMl.Simulation;

namespace OsteoMl.Tests.Simulation;

public sealed class SimulatorVersionTests
{
    [Theory]
    [InlineData(SimulatorVersion.V1)]
    [InlineData(SimulatorVersion.V2)]
    public void Given_a_version_When_drawing_a_film_of_normals_Then_their_moments_and_tails_are_standard_normal(
        SimulatorVersion version
    )
    {
        var values = new double[65_536];

        new Random(4).NextGaussians(values, version);

        // Standard errors for n = 65,536: mean 0.004, variance 0.006, tail share 0.0009.
        double mean = values.Average();
        double variance = values.Average(v => (v - mean) * (v - mean));
        double tail = values.Average(v => Math.Abs(v) > 1.959964 ? 1.0 : 0.0);
        double skew = values.Average(v => Math.Pow(v - mean, 3)) / Math.Pow(variance, 1.5);
        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(variance, 0.97, 1.03);
        Assert.InRange(tail, 0.045, 0.055);
        Assert.InRange(skew, -0.05, 0.05);
    }

    [Fact]
    public void Given_the_same_patients_When_computing_posteriors_with_both_versions_Then_they_agree_to_1e_9()
    {
        var random = new Random(8);
        var patients = Enumerable.Range(0, 40).Select(i => PatientSampler.Sample(random, i, SiteProfile.A)).ToList();
        using var folder = new TempFolder();

        BayesPosterior.Write(folder.File("v1.csv"), patients, SiteProfile.A, seed: 3, SimulatorVersion.V1);
        BayesPosterior.Write(folder.File("v2.csv"), patients, SiteProfile.A, seed: 3, SimulatorVersion.V2);

        double[] v1 = Posteriors(folder.File("v1.csv")),
            v2 = Posteriors(folder.File("v2.csv"));
        Assert.Equal(v1.Length, v2.Length);
        Assert.All(v1.Zip(v2), pair => Assert.Equal(pair.First, pair.Second, 1e-9));
    }

    [Fact]
    public void Given_a_seed_When_generating_with_both_versions_Then_the_patients_are_the_same_and_the_films_differ()
    {
        using var v1 = new TempFolder();
        using var v2 = new TempFolder();

        CohortSimulator.Generate(v1.Path, 10, seed: 9, SiteProfile.B, version: SimulatorVersion.V1);
        CohortSimulator.Generate(v2.Path, 10, seed: 9, SiteProfile.B, version: SimulatorVersion.V2);

        Assert.Equal(File.ReadAllBytes(v1.File("cohort.csv")), File.ReadAllBytes(v2.File("cohort.csv")));
        string film = Directory.GetFiles(Path.Combine(v1.Path, "images")).Order(StringComparer.Ordinal).First();
        string sameFilm = Path.Combine(v2.Path, "images", Path.GetFileName(film));
        using var a = SkiaSharp.SKBitmap.Decode(film);
        using var b = SkiaSharp.SKBitmap.Decode(sameFilm);
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        Assert.NotEqual(a.Bytes, b.Bytes);
        Assert.Contains("--simulator 2", File.ReadAllText(v2.File("README.md")));
    }

    private static double[] Posteriors(string path) =>
        [
            .. File.ReadAllLines(path)
                .Skip(1)
                .SelectMany(line => line.Split(',').Skip(1))
                .Select(value => double.Parse(value, CultureInfo.InvariantCulture)),
        ];
}
