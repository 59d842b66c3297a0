using OsteoMl.Evaluation;
using OsteoMl.Simulation;

namespace OsteoMl.Tests.Simulation;

public sealed class BayesPosteriorTests
{
    /// <summary>
    /// Monte Carlo check of the posteriors against the simulator itself: on freshly drawn patients, each posterior is
    /// calibrated (within each fifth of the predicted risk, the mean posterior matches the label rate within sampling
    /// error), and the information order holds: film + record ranks at least as well as either alone.
    /// </summary>
    [Fact]
    public void Given_simulated_patients_When_computing_their_posteriors_Then_they_are_calibrated_and_both_is_best()
    {
        var random = new Random(12);
        var patients = Enumerable.Range(0, 3000).Select(i => PatientSampler.Sample(random, i, SiteProfile.A)).ToList();
        bool[] labels = [.. patients.Select(p => p.Osteoporosis)];
        using var folder = new TempFolder();
        string path = folder.File(BayesPosterior.FileName);

        BayesPosterior.Write(path, patients, SiteProfile.A, seed: 5);

        string[] lines = File.ReadAllLines(path);
        Assert.Equal(BayesPosterior.Header, lines[0]);
        double[][] columns =
        [
            .. Enumerable
                .Range(1, 3)
                .Select(c =>
                    lines
                        .Skip(1)
                        .Select(l => double.Parse(l.Split(',')[c], System.Globalization.CultureInfo.InvariantCulture))
                        .ToArray()
                ),
        ];
        foreach (double[] posterior in columns)
        {
            AssertCalibrated(posterior, labels);
        }
        double film = RocAuc.Compute(columns[0], labels);
        double clinical = RocAuc.Compute(columns[1], labels);
        double both = RocAuc.Compute(columns[2], labels);
        Assert.True(
            both >= Math.Max(film, clinical) - 0.005,
            $"film {film:0.000}, clinical {clinical:0.000}, both {both:0.000}"
        );
        Assert.InRange(clinical, 0.6, 0.95);
        Assert.InRange(film, 0.6, 0.99);
    }

    private static void AssertCalibrated(double[] posterior, bool[] labels)
    {
        int[] order = [.. Enumerable.Range(0, posterior.Length).OrderBy(i => posterior[i])];
        foreach (int[] bin in order.Chunk(order.Length / 5))
        {
            double predicted = bin.Average(i => posterior[i]);
            double observed = bin.Average(i => labels[i] ? 1.0 : 0.0);
            double se = Math.Sqrt(Math.Max(predicted * (1 - predicted), 0.01) / bin.Length);
            Assert.True(
                Math.Abs(predicted - observed) < 4 * se + 0.01,
                $"bin predicted {predicted:0.000} vs observed {observed:0.000} (se {se:0.000})"
            );
        }
    }
}
