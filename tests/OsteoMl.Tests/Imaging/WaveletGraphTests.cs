using Microsoft.ML;
using Microsoft.ML.Data;
using OsteoMl.Data;
using OsteoMl.Imaging;
using OsteoMl.Simulation;

namespace OsteoMl.Tests.Imaging;

public sealed class WaveletGraphTests
{
    [Fact]
    public void Given_films_When_the_wavelet_graph_runs_in_MLNET_Then_it_gives_finite_log_energies_that_separate_flat_from_textured()
    {
        using var folder = new TempFolder();
        CohortSimulator.Generate(folder.Path, 4, seed: 2, SiteProfile.A);
        var cohort = CohortReader.Read(folder.Path, new CohortOptions { ExcludeColumns = ["t_score", "site"] });
        var mlContext = new MLContext(1);
        IDataView view = new CohortDataView(cohort);

        var features = mlContext
            .Transforms.FeaturizeWavelets("Wavelets", ModelColumns.ImagePath)
            .Fit(view)
            .Transform(view)
            .GetColumn<VBuffer<float>>("Wavelets")
            .Select(v => v.DenseValues().ToArray())
            .ToArray();

        Assert.All(
            features,
            f =>
            {
                Assert.Equal(WaveletGraph.FeatureCount, f.Length);
                Assert.All(f, x => Assert.True(float.IsFinite(x)));
            }
        );

        // A flat grey film has (almost) no gradient energy: its log energies sit near log(epsilon).
        string flat = folder.File("flat.png");
        OsteoMl.Dicom.RadiographFile.WritePng(flat, Enumerable.Repeat((byte)128, 256 * 256).ToArray(), 256, 256);
        File.WriteAllText(folder.File("flat.csv"), "patient_id,image\nflat,flat.png\n");
        var flatView = new CohortDataView(
            CohortReader.Read(folder.File("flat.csv"), new CohortOptions { RequireLabel = false })
        );
        float[] flatFeatures = mlContext
            .Transforms.FeaturizeWavelets("Wavelets", ModelColumns.ImagePath)
            .Fit(flatView)
            .Transform(flatView)
            .GetColumn<VBuffer<float>>("Wavelets")
            .Single()
            .DenseValues()
            .ToArray();
        Assert.True(flatFeatures.Max() < features[0].Min(), $"flat {flatFeatures.Max()} vs film {features[0].Min()}");
    }
}
