using Onnx;
using OsteoMl.Imaging;
using OsteoMl.Training.FineTuning;

namespace OsteoMl.Tests.Training;

/// <summary>
/// Fine-tuning under GC pressure: every native object a libtorch call reads (TorchSharp Scalars and Tensors) must stay
/// reachable until the call returns. A temporary freed mid-call made `train` go NaN or silently wrong at random on
/// some machines; with a thread forcing collections the same bug shows in nearly every run, so these tests fail on
/// any machine when a lifetime bug comes back. On SYNTHETIC films.
/// </summary>
[Collection(NativeMemoryCollection.Name)]
public sealed class NativeLifetimeTests(SplitTrainingFilms films) : IClassFixture<SplitTrainingFilms>
{
    private readonly SplitTrainingFilms _films = films;

    /// <summary>
    /// Head-mode fits with two fold networks (160 Adam steps each) and a final one (320), one libtorch thread (the bug
    /// hit about once in a few hundred steps), one libtorch thread (so
    /// repeated runs are comparable bit for bit).
    /// </summary>
    private TrainedRadiographNetwork Train() =>
        new RadiographNetworkTrainer().Train(
            _films.Data with
            {
                Folds = [.. _films.Data.TrainRows.Select((_, i) => i % 2)],
            },
            new RadiographNetworkOptions
            {
                Mode = FineTuneMode.Head,
                Seed = 3,
                Threads = 1,
                Settings = new()
                {
                    MaxEpochs = 20,
                    Patience = 20,
                    BatchSize = 1,
                },
            }
        );

    private static IEnumerable<float> Weights(byte[] onnx) =>
        ModelProto
            .Parser.ParseFrom(onnx)
            .Graph.Initializer.SelectMany(t =>
                System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray()
            );

    [Fact]
    public void Given_a_thread_forcing_collections_When_fine_tuning_repeatedly_Then_every_fit_equals_the_undisturbed_one()
    {
        var undisturbed = Train();
        Assert.All(Weights(undisturbed.Onnx), w => Assert.True(float.IsFinite(w)));

        using var pressure = new GcPressure();
        for (int run = 0; run < 3; run++)
        {
            var disturbed = Train();

            Assert.All(disturbed.OutOfFoldLogits!, l => Assert.True(double.IsFinite(l), $"run {run}: logit {l}"));
            Assert.Equal(undisturbed.OutOfFoldLogits, disturbed.OutOfFoldLogits);
            Assert.Equal(undisturbed.BestValidationAuc, disturbed.BestValidationAuc);
            Assert.True(undisturbed.Onnx.AsSpan().SequenceEqual(disturbed.Onnx), $"run {run}: the network differs");
        }
        Assert.True(pressure.Collections > 10, $"only {pressure.Collections} collections were forced");
    }
}
