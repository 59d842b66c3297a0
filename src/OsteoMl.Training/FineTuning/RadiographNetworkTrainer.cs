using System.Diagnostics;
using OsteoMl.Evaluation;
using OsteoMl.Imaging;
using OsteoMl.Pipeline;
using OsteoMl.Training.Export;
using OsteoMl.Training.Network;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace OsteoMl.Training.FineTuning;

/// <summary>
/// Trains the <see cref="WaveletAttentionNetwork"/> with TorchSharp on the CPU and exports it to ONNX. Frozen stages
/// are run once and their activations cached (<see cref="FineTuneMode.Head"/>: stage 4; <see cref="FineTuneMode.LastStage"/>:
/// stage 3), so an epoch costs only the trained part. Adam (pretrained weights at a tenth of the rate), weighted
/// binary cross-entropy (positives weighted by negatives / positives), batch-norm statistics kept frozen, early
/// stopping on validation AUC with the best epoch's weights restored, fixed seeds.
/// </summary>
public sealed class RadiographNetworkTrainer : IRadiographNetworkTrainer
{
    private const int Side = RadiographCatalog.InputSize;
    private const int Plane = Side * Side;

    public TrainedRadiographNetwork Train(RadiographNetworkData data, RadiographNetworkOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Mode == FineTuneMode.None)
        {
            throw new ArgumentException("fine-tune mode 'none' trains no network.", nameof(options));
        }
        TorchRuntime.EnsureLoaded();
        var clock = Stopwatch.StartNew();
        torch.manual_seed(options.Seed);
        torch.set_num_threads(options.Threads > 0 ? options.Threads : Environment.ProcessorCount);
        using var network = WaveletAttentionNetwork.Create(options.ModelFolder, options.Seed);
        network.eval(); // batch norm uses its running statistics throughout (small batches would corrupt them)

        // 1. Frozen inputs, computed once: wavelet energies always; stage 3 or 4 activations where frozen below them.
        int[] rows = [.. data.TrainRows.Concat(data.ValidationRows).Distinct().Order()];
        var index = rows.Select((row, i) => (row, i)).ToDictionary(x => x.row, x => x.i);
        string frozenName = options.Mode == FineTuneMode.LastStage ? "stage-3" : "stage-4";
        Tensor energies, cached = empty(0);
        var cacheClock = Stopwatch.StartNew();
        using (no_grad())
        {
            var energyParts = new List<Tensor>();
            var cachedParts = new List<Tensor>();
            for (int start = 0; start < rows.Length; start += 16)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                int[] batch = rows[start..Math.Min(rows.Length, start + 16)];
                var pixels = Pixels(data.Films, batch);
                energyParts.Add(network.WaveletEnergies(pixels).MoveToOuterDisposeScope());
                if (options.Mode == FineTuneMode.Head && data.Stage4 is { } stage4)
                {
                    // ImageNet stage 4 as the batched ONNX Runtime featurizer already computed it (same weights).
                    var values = batch.SelectMany(r => stage4[r]).ToArray();
                    cachedParts.Add(tensor(values, [batch.Length, RadiographCatalog.EmbeddingSize, 7, 7]).MoveToOuterDisposeScope());
                }
                else if (options.Mode == FineTuneMode.Head)
                {
                    cachedParts.Add(network.Stage4Features(pixels).MoveToOuterDisposeScope());
                }
                else if (options.Mode == FineTuneMode.LastStage)
                {
                    cachedParts.Add(network.Stage3Features(pixels).MoveToOuterDisposeScope());
                }
                progress?.Report(new TrainingProgress($"Image network: {(options.Mode == FineTuneMode.All || data.Stage4 is not null ? "wavelet maps" : "frozen " + frozenName + " activations")} (once)",
                    Math.Min(rows.Length, start + 16), rows.Length));
            }
            energies = cat(energyParts, 0);
            energyParts.ForEach(t => t.Dispose());
            if (cachedParts.Count > 0)
            {
                cached = cat(cachedParts, 0);
                cachedParts.ForEach(t => t.Dispose());
            }
        }
        TimeSpan cachingTime = options.Mode == FineTuneMode.All ? TimeSpan.Zero : cacheClock.Elapsed;

        long[] Positions(IEnumerable<int> films) => [.. films.Select(r => (long)index[r])];
        long[] trainPositions = Positions(data.TrainRows);

        // 2. Standardisation from the training films: wavelet maps, then the embedding under the initial attention.
        using (no_grad())
        {
            var (energyStd, energyMean) = std_mean(energies.index_select(0, tensor(trainPositions)), [0, 2, 3], keepdim: false);
            network.SetWaveletStandardisation(energyMean, energyStd);
            var embeddings = new List<Tensor>();
            foreach (long[] batch in trainPositions.Chunk(64))
            {
                using var scope = NewDisposeScope();
                var (stage4, batchEnergies) = Inputs(network, options.Mode, data, rows, cached, energies, batch, augment: null);
                embeddings.Add(network.Head(stage4, batchEnergies).Embedding.MoveToOuterDisposeScope());
            }
            var (embeddingStd, embeddingMean) = std_mean(cat(embeddings, 0), [0], keepdim: false);
            network.SetEmbeddingStandardisation(embeddingMean, embeddingStd);
        }

        // 3. What is trained, and at which rate.
        var blockParameters = network.BlockParameters.Select(p => p.Value).ToList();
        var backboneParameters = options.Mode switch
        {
            FineTuneMode.LastStage => network.Backbone.ParametersAfter(WaveletAttentionNetwork.Stage3).ToList(),
            FineTuneMode.All => network.Backbone.parameters().ToList(),
            _ => [],
        };
        foreach (var parameter in network.Backbone.parameters())
        {
            parameter.requires_grad = backboneParameters.Contains(parameter);
        }
        var groups = new List<Adam.ParamGroup>
        {
            new(blockParameters, new Adam.Options { LearningRate = options.LearningRate, weight_decay = options.WeightDecay }),
        };
        if (backboneParameters.Count > 0)
        {
            groups.Add(new Adam.ParamGroup(backboneParameters, new Adam.Options { LearningRate = options.LearningRate / 10, weight_decay = options.WeightDecay }));
        }
        using var optimizer = optim.Adam(groups, options.LearningRate);
        var trainable = blockParameters.Concat(backboneParameters).ToList();

        int positives = data.TrainRows.Count(r => data.Labels[r]);
        int negatives = data.TrainRows.Length - positives;
        using var positiveWeight = tensor(new[] { (float)negatives / Math.Max(1, positives) });
        var random = new Random(options.Seed);
        var augmentation = options.Mode == FineTuneMode.All ? new Random(options.Seed + 1) : null;
        double bestAuc = double.NegativeInfinity;
        int bestEpoch = 0, epoch = 0;
        List<Tensor> best = [.. trainable.Select(p => p.detach().clone())];
        long trainedFilms = 0;
        var trainClock = new Stopwatch();

        // 4. Epochs with early stopping on validation AUC.
        for (epoch = 1; epoch <= options.MaxEpochs && epoch - bestEpoch <= options.Patience; epoch++)
        {
            network.train();
            network.Backbone.eval(); // frozen running statistics (network.train() would switch them back on)
            long[] order = [.. trainPositions.OrderBy(_ => random.Next())];
            double lossSum = 0;
            foreach (long[] batch in order.Chunk(options.BatchSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                trainClock.Start();
                using var scope = NewDisposeScope();
                var (stage4, batchEnergies) = Inputs(network, options.Mode, data, rows, cached, energies, batch, augmentation);
                var (logit, _, _, correction) = network.Head(stage4, batchEnergies, options.Dropout);
                var target = tensor(batch.Select(p => data.Labels[rows[p]] ? 1f : 0f).ToArray()).reshape(-1, 1);
                var loss = F.binary_cross_entropy_with_logits(logit, target, pos_weights: positiveWeight)
                    + options.AttentionPenalty * correction.pow(2).mean();
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>() * batch.Length;
                trainClock.Stop();
                trainedFilms += batch.Length;
            }
            network.eval();
            double auc = ValidationAuc(network, options.Mode, data, rows, cached, energies, Positions(data.ValidationRows));
            if (auc > bestAuc)
            {
                bestAuc = auc;
                bestEpoch = epoch;
                using var noGrad = no_grad();
                for (int i = 0; i < trainable.Count; i++)
                {
                    best[i].copy_(trainable[i]);
                }
            }
            progress?.Report(new TrainingProgress($"Image network: fine-tuning ({ModeName(options.Mode)})", epoch, options.MaxEpochs,
                $"epoch {epoch} · loss {lossSum / order.Length:0.000} · validation AUC {auc:0.000} (best {bestAuc:0.000}, epoch {bestEpoch}) · {trainedFilms / Math.Max(1e-9, trainClock.Elapsed.TotalSeconds):0} films/s"));
        }
        using (no_grad())
        {
            for (int i = 0; i < trainable.Count; i++)
            {
                trainable[i].copy_(best[i]);
            }
        }
        best.ForEach(t => t.Dispose());
        network.eval();
        byte[] onnx = NetworkOnnxExporter.Export(network);
        energies.Dispose();
        cached.Dispose();
        return new TrainedRadiographNetwork
        {
            Onnx = onnx,
            Mode = options.Mode,
            Epochs = epoch - 1,
            BestEpoch = bestEpoch,
            BestValidationAuc = bestAuc,
            ImagesPerSecond = trainedFilms / Math.Max(1e-9, trainClock.Elapsed.TotalSeconds),
            CachingTime = cachingTime,
            Duration = clock.Elapsed,
        };
    }

    public static string ModeName(FineTuneMode mode) => mode switch
    {
        FineTuneMode.LastStage => "last-stage",
        _ => mode.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// Stage-4 activations and wavelet energies of the films at cache positions <paramref name="batch"/>: from the
    /// caches where the backbone below is frozen, from (augmented) pixels otherwise.
    /// </summary>
    private static (Tensor Stage4, Tensor Energies) Inputs(WaveletAttentionNetwork network, FineTuneMode mode, RadiographNetworkData data, int[] rows, Tensor cached, Tensor energies, long[] batch, Random? augment)
    {
        using var positions = tensor(batch);
        switch (mode)
        {
            case FineTuneMode.Head:
                return (cached.index_select(0, positions), energies.index_select(0, positions));
            case FineTuneMode.LastStage:
                return (network.Stage4FromStage3(cached.index_select(0, positions)), energies.index_select(0, positions));
            default:
                if (augment is null)
                {
                    return (network.Stage4Features(Pixels(data.Films, [.. batch.Select(p => rows[p])])), energies.index_select(0, positions));
                }
                var pixels = Pixels(data.Films, [.. batch.Select(p => rows[p])], augment);
                return (network.Stage4Features(pixels), network.WaveletEnergies(pixels));
        }
    }

    private static double ValidationAuc(WaveletAttentionNetwork network, FineTuneMode mode, RadiographNetworkData data, int[] rows, Tensor cached, Tensor energies, long[] positions)
    {
        using var noGrad = no_grad();
        var scores = new List<double>();
        foreach (long[] batch in positions.Chunk(32))
        {
            using var scope = NewDisposeScope();
            var (stage4, batchEnergies) = Inputs(network, mode, data, rows, cached, energies, batch, augment: null);
            var (logit, _, _, _) = network.Head(stage4, batchEnergies);
            scores.AddRange(logit.reshape(-1).data<float>().ToArray().Select(v => (double)v));
        }
        return RocAuc.Compute(scores, [.. positions.Select(p => data.Labels[rows[p]])]);
    }

    /// <summary>Films as [N, 3, 224, 224] planar pixels (the gray plane three times), optionally augmented.</summary>
    private static Tensor Pixels(byte[][] films, int[] batch, Random? augment = null)
    {
        var values = new float[batch.Length * 3 * Plane];
        for (int i = 0; i < batch.Length; i++)
        {
            var first = values.AsSpan(i * 3 * Plane, Plane);
            if (augment is null)
            {
                byte[] film = films[batch[i]];
                for (int p = 0; p < Plane; p++)
                {
                    first[p] = film[p];
                }
            }
            else
            {
                FilmAugmentation.Apply(films[batch[i]], first, augment);
            }
            first.CopyTo(values.AsSpan((i * 3 + 1) * Plane, Plane));
            first.CopyTo(values.AsSpan((i * 3 + 2) * Plane, Plane));
        }
        return tensor(values, [batch.Length, 3, Side, Side]);
    }
}
