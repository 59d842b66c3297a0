using Onnx;
using OsteoMl.Imaging;
using OsteoMl.Training.FineTuning;

namespace OsteoMl.Tests.Training;

/// <summary>
/// Fine-tuning on a few SYNTHETIC films: what each mode trains, seeds, cancellation. Short runs (1–3 epochs).
/// </summary>
public sealed class RadiographNetworkTrainerTests(SplitTrainingFilms films) : IClassFixture<SplitTrainingFilms>
{
    private readonly SplitTrainingFilms _films = films;

    private static Dictionary<string, float[]> Weights(byte[] onnx) =>
        ModelProto
            .Parser.ParseFrom(onnx)
            .Graph.Initializer.ToDictionary(
                t => t.Name,
                t => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray()
            );

    private TrainedRadiographNetwork Train(
        FineTuneMode mode,
        int epochs,
        int seed = 1,
        CancellationToken token = default
    ) =>
        new RadiographNetworkTrainer().Train(
            _films.Data,
            new RadiographNetworkOptions
            {
                Mode = mode,
                Seed = seed,
                Settings = new() { MaxEpochs = epochs, BatchSize = 8 },
            },
            cancellationToken: token
        );

    [Fact]
    public void Given_the_same_seed_When_training_the_head_twice_Then_the_exported_networks_are_identical()
    {
        Assert.Contains(true, _films.Data.ValidationRows.Select(r => _films.Data.Labels[r]));
        Assert.Contains(false, _films.Data.ValidationRows.Select(r => _films.Data.Labels[r]));

        var first = Train(FineTuneMode.Head, epochs: 3);
        // Other torch work drawing from the global generator meanwhile (as parallel tests and callers do) changes
        // nothing.
        using var stop = new CancellationTokenSource();
        var noise = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var draw = TorchSharp.torch.rand(1000);
            }
        });
        noise.Start();
        var second = Train(FineTuneMode.Head, epochs: 3);
        stop.Cancel();
        noise.Join();
        var other = Train(FineTuneMode.Head, epochs: 3, seed: 2);

        Assert.Equal(first.Onnx, second.Onnx);
        Assert.NotEqual(first.Onnx, other.Onnx);
        Assert.Equal(3, first.Epochs);
        Assert.InRange(first.BestEpoch, 1, 3);
        Assert.InRange(first.BestValidationAuc, 0, 1);
        Assert.True(first.ImagesPerSecond > 0);
    }

    [Fact]
    public void Given_each_mode_When_training_Then_exactly_the_intended_backbone_weights_change()
    {
        using var untrained = OsteoMl.Training.Network.WaveletAttentionNetwork.Create(null, seed: 1);
        var original = Weights(OsteoMl.Training.Export.NetworkOnnxExporter.Export(untrained));
        var head = Weights(Train(FineTuneMode.Head, epochs: 2).Onnx);
        var lastStage = Weights(Train(FineTuneMode.LastStage, epochs: 2).Onnx);
        var all = Weights(Train(FineTuneMode.All, epochs: 1).Onnx);
        const string firstConv = "Parameter91",
            lastConv = "Parameter10"; // ResNet18 stem and the last 3 × 3 conv of layer 4

        Assert.Equal(original[firstConv], head[firstConv]);
        Assert.Equal(original[lastConv], head[lastConv]);
        Assert.NotEqual(original["classifier_w"], head["classifier_w"]);
        Assert.Equal(original[firstConv], lastStage[firstConv]);
        Assert.NotEqual(original[lastConv], lastStage[lastConv]);
        Assert.NotEqual(original[firstConv], all[firstConv]);
    }

    [Fact]
    public void Given_a_learning_rate_that_overflows_When_training_Then_the_fit_stops_at_the_first_non_finite_value()
    {
        var options = new RadiographNetworkOptions
        {
            Mode = FineTuneMode.Head,
            Seed = 1,
            Settings = new()
            {
                MaxEpochs = 3,
                BatchSize = 8,
                LearningRate = 1e37,
            },
        };

        var e = Assert.Throws<NetworkDivergedException>(() =>
            new RadiographNetworkTrainer().Train(_films.Data, options)
        );

        Assert.Equal("all training films", e.Fit);
        Assert.Equal(1, e.Epoch);
        Assert.Matches("^(training loss \\(batch [0-9]+\\)|parameter .+|validation logit)$", e.Quantity);
        Assert.Contains("not finite", e.Message);
    }

    [Fact]
    public void Given_a_cancelled_token_When_training_Then_it_stops_with_OperationCanceledException()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Train(FineTuneMode.Head, epochs: 3, token: cancelled.Token));
    }

    [Fact]
    public void Given_folds_When_training_Then_every_training_film_gets_a_logit_from_a_network_that_did_not_see_its_fold()
    {
        var data = _films.Data with { Folds = [.. _films.Data.TrainRows.Select((_, i) => i % 2)] };
        var options = new RadiographNetworkOptions
        {
            Mode = FineTuneMode.Head,
            Seed = 1,
            Settings = new() { MaxEpochs = 3, BatchSize = 8 },
        };

        var trained = new RadiographNetworkTrainer().Train(data, options);
        var withoutFolds = new RadiographNetworkTrainer().Train(_films.Data, options);

        Assert.Equal(data.TrainRows.Length, trained.OutOfFoldLogits!.Length);
        Assert.All(trained.OutOfFoldLogits, l => Assert.True(double.IsFinite(l)));
        Assert.Null(withoutFolds.OutOfFoldLogits);
        // The saved network is the same with or without the extra fold networks (own seed, same films).
        Assert.Equal(withoutFolds.Onnx, trained.Onnx);
        using var runtime = new RadiographNetwork(trained.Onnx);
        var inSample = runtime
            .Run([.. data.TrainRows.Select(r => data.Films[r])])
            .Select(o => (double)o.Logit)
            .ToArray();
        Assert.NotEqual(inSample.Select(v => Math.Round(v, 4)), trained.OutOfFoldLogits.Select(v => Math.Round(v, 4)));
        Assert.Throws<ArgumentException>(() =>
            new RadiographNetworkTrainer().Train(data with { Folds = [0, 1] }, options)
        );
    }
}
