using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;
using OsteoMl.AutoML;
using OsteoMl.Data;
using OsteoMl.Evaluation;
using OsteoMl.Simulation;

namespace OsteoMl.Tests.Simulation;

public sealed class CohortSimulatorTests
{
    [Fact]
    public void Given_a_seed_When_generating_twice_Then_csv_and_images_are_byte_identical()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();

        CohortSimulator.Generate(a.Path, 12, seed: 5, SiteProfile.A);
        CohortSimulator.Generate(b.Path, 12, seed: 5, SiteProfile.A);

        Assert.Equal(File.ReadAllBytes(a.File("cohort.csv")), File.ReadAllBytes(b.File("cohort.csv")));
        string[] images = Directory
            .GetFiles(Path.Combine(a.Path, "images"))
            .Select(Path.GetFileName)
            .Order()
            .ToArray()!;
        Assert.True(images.Length >= 12);
        Assert.All(
            images,
            name =>
                Assert.Equal(
                    File.ReadAllBytes(Path.Combine(a.Path, "images", name)),
                    File.ReadAllBytes(Path.Combine(b.Path, "images", name))
                )
        );
        Assert.Equal(
            File.ReadAllBytes(a.File("bayes_posterior.csv")),
            File.ReadAllBytes(b.File("bayes_posterior.csv"))
        );
        Assert.Contains("SYNTHETIC", File.ReadAllText(a.File("README.md")));
    }

    [Fact]
    public void Given_version_1_and_seed_5_When_generating_Then_the_output_is_what_the_benchmarks_were_made_with()
    {
        // Every benchmark table in bench/results was measured on cohorts regenerated from their seeds, so a speed-up
        // of the simulator must leave its output the same: the tables byte for byte, the films pixel for pixel (the
        // PNG encoder's settings may change the files, not what they decode to). A deliberate change of the
        // simulator changes this digest: update it, and regenerate and re-measure the benchmarks. Math.Exp, Pow and
        // Log come from the platform's C library, so the digest is that of x86-64 Linux (where the benchmarks ran).
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return;
        }
        using var folder = new TempFolder();
        CohortSimulator.Generate(folder.Path, 12, seed: 5, SiteProfile.A, version: SimulatorVersion.V1);
        byte[][] contents =
        [
            File.ReadAllBytes(folder.File("cohort.csv")),
            File.ReadAllBytes(folder.File("bayes_posterior.csv")),
            .. Directory
                .GetFiles(Path.Combine(folder.Path, "images"))
                .Order(StringComparer.Ordinal)
                .Select(DecodedPixels),
        ];

        byte[] digest = SHA256.HashData(contents.SelectMany(bytes => bytes).ToArray());

        Assert.Equal(
            "a66810c54ce254b96eaf61c4f319529110745403f6f0d9a9dea1260ca38637f8",
            Convert.ToHexStringLower(digest)
        );
    }

    [Fact]
    public void Given_a_generated_cohort_When_read_back_Then_it_meets_the_data_contract()
    {
        using var folder = new TempFolder();
        CohortSimulator.Generate(folder.Path, 20, seed: 1, SiteProfile.B);

        Cohort cohort = CohortReader.Read(folder.Path, new CohortOptions { ExcludeColumns = ["t_score", "site"] });

        Assert.Equal(20, cohort.PatientCount);
        Assert.Contains(cohort.Columns, c => c.Name == "weight_kg" && c.Kind == ColumnKind.Numeric);
        Assert.Contains(cohort.Columns, c => c.Name == "sex" && c.Kind == ColumnKind.Categorical);
        Assert.Contains(cohort.Columns, c => c.Name == "glucocorticoids" && c.Kind == ColumnKind.Boolean);
        Assert.All(cohort.PatientIds, id => Assert.StartsWith("SYN-B-", id));
    }

    [Fact]
    public void Given_1780_patients_When_sampled_Then_prevalence_and_osta_match_published_ranges()
    {
        var random = new Random(2025);
        var patients = Enumerable.Range(0, 1780).Select(i => PatientSampler.Sample(random, i, SiteProfile.A)).ToArray();
        bool[] labels = patients.Select(p => p.Osteoporosis).ToArray();

        double prevalence = labels.Average(l => l ? 1.0 : 0.0);
        // OSTA = 0.2 × (weight − age); lower means higher risk, so score with its negative.
        double ostaAuc = RocAuc.Compute(patients.Select(p => -0.2 * (p.WeightKg - p.Age)).ToArray(), labels);
        double womenPrevalence = patients.Where(p => p.Female).Average(p => p.Osteoporosis ? 1.0 : 0.0);
        double menPrevalence = patients.Where(p => !p.Female).Average(p => p.Osteoporosis ? 1.0 : 0.0);

        Assert.InRange(prevalence, 0.25, 0.40);
        Assert.InRange(ostaAuc, 0.70, 0.80);
        Assert.True(womenPrevalence > 2 * menPrevalence, $"women {womenPrevalence:P1} vs men {menPrevalence:P1}");
    }

    [Fact]
    public void Given_1780_patients_When_fitting_the_clinical_branch_Then_its_test_auc_is_in_the_published_range()
    {
        using var folder = new TempFolder();
        CohortSimulator.Generate(folder.Path, 1780, seed: 11, SiteProfile.A, progress: null, writeImages: false);
        Cohort cohort = CohortReader.Read(
            folder.Path,
            new CohortOptions { ExcludeColumns = ["t_score", "site"], RequireImages = false }
        );
        CohortSplit split = PatientSplitter.Split(cohort.PatientIds, cohort.Labels!, 0.6, 0.01, seed: 1);
        var mlContext = new MLContext(1);
        var pipeline = ClinicalPipeline.Create(
            mlContext,
            cohort.Columns,
            ModelColumns.Label,
            new TrialParameters(
                TrainerCatalog.FastTree,
                new Dictionary<string, double>
                {
                    ["leaves"] = 8,
                    ["trees"] = 150,
                    ["minLeaf"] = 10,
                    ["learningRate"] = 0.05,
                    ["featureFraction"] = 1,
                }
            ),
            seed: 1
        );

        var model = pipeline.Fit(new CohortDataView(cohort.Subset(split.Train)));
        var test = cohort.Subset(split.Test);
        double[] scores = model
            .Transform(new CohortDataView(test))
            .GetColumn<float>("Probability")
            .Select(p => (double)p)
            .ToArray();

        Assert.InRange(RocAuc.Compute(scores, test.Labels!), 0.78, 0.88);
    }

    [Theory]
    [InlineData(SimulatorVersion.V1)]
    [InlineData(SimulatorVersion.V2)]
    public void Given_rendered_radiographs_When_scoring_by_mean_intensity_Then_the_label_is_barely_predictable(
        SimulatorVersion version
    )
    {
        var random = new Random(77);
        var patients = Enumerable.Range(0, 300).Select(i => PatientSampler.Sample(random, i, SiteProfile.A)).ToArray();

        double[] meanIntensity = patients
            .Select(
                (p, i) => RadiographRenderer.Render(p, SiteProfile.A, new Random(i), version).Average(b => (double)b)
            )
            .ToArray();
        double auc = RocAuc.Compute(meanIntensity, patients.Select(p => p.Osteoporosis).ToArray());

        // Either direction counts: the signal must live in bone structure, not in overall brightness.
        Assert.InRange(Math.Max(auc, 1 - auc), 0.5, 0.65);
    }

    [Fact]
    public void Given_an_unknown_site_When_looking_it_up_Then_the_error_lists_known_profiles()
    {
        var error = Assert.Throws<ArgumentException>(() => SiteProfile.FromName("Z"));
        Assert.Contains("A, B, C", error.Message);
    }

    private static byte[] DecodedPixels(string pngPath)
    {
        using var bitmap = SkiaSharp.SKBitmap.Decode(pngPath);
        Assert.Equal(SkiaSharp.SKColorType.Gray8, bitmap.ColorType);
        return bitmap.Bytes;
    }
}
