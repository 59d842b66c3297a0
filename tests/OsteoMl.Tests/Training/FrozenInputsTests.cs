using OsteoMl.Common;
using OsteoMl.Imaging;
using OsteoMl.Training;
using OsteoMl.Training.FineTuning;
using OsteoMl.Training.Network;
using static TorchSharp.torch;

namespace OsteoMl.Tests.Training;

/// <summary>
/// The activation cache reads back, batch by batch from its spilled rows, exactly what the frozen backbone computed:
/// whether the cache computed it itself or was handed the batched featurizer's rows.
/// </summary>
public sealed class FrozenInputsTests
{
    [Fact]
    public void Given_computed_or_handed_stage_4_rows_When_a_batch_is_read_Then_it_equals_the_backbones_activations()
    {
        TorchRuntime.EnsureLoaded();
        using var folder = new TempFolder();
        var (films, labels) = TrainingFilms.Simulate(folder.Path, 6, seed: 12);
        var options = new RadiographNetworkOptions { Mode = FineTuneMode.Head, Seed = 1 };
        var data = new RadiographNetworkData(films, labels, [0, 2, 3, 5], [4]); // film 1 is in neither part
        using var network = WaveletAttentionNetwork.Create(null, seed: 1);
        network.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var expected = network.Stage4Features(RadiographNetworkTrainer.Pixels(films, [5, 0, 4]));
        using var handed = new SpilledRows<float>(BatchedEmbedder.Stage4Size, folder.Path);
        for (int film = 0; film < films.Length; film++)
        {
            var row = network.Stage4Features(RadiographNetworkTrainer.Pixels(films, [film])).reshape(-1);
            handed.Add(row.data<float>().ToArray());
        }

        using var computed = FrozenInputs.Compute(data, options, null, CancellationToken.None);
        using var fromRows = FrozenInputs.Compute(data with { Stage4 = handed }, options, null, CancellationToken.None);

        long[] positions = [computed.Position(5), computed.Position(0), computed.Position(4)];
        Assert.Equal([0, 2, 3, 4, 5], computed.Rows);
        Assert.True(computed.Activations(positions).allclose(expected, rtol: 1e-5, atol: 1e-5));
        Assert.True(fromRows.Activations(positions).allclose(expected, rtol: 1e-5, atol: 1e-5));
        Assert.Equal(5, computed.Energies.shape[0]);
    }
}
