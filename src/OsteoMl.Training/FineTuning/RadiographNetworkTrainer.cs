using System.Diagnostics;
using OsteoMl.Common;
using OsteoMl.Evaluation;
using OsteoMl.Imaging;
using OsteoMl.Training.Export;
using OsteoMl.Training.Network;
using OsteoMl.Workflows;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace OsteoMl.Training.FineTuning;

/// <summary>
/// Trains the <see cref="WaveletAttentionNetwork"/> with TorchSharp on the CPU and exports it to ONNX. Frozen stages
/// are run once and their activations cached (<see cref="FineTuneMode.Head"/>: stage 4;
/// <see cref="FineTuneMode.LastStage"/>:
/// stage 3), so an epoch costs only the trained part. Adam (pretrained weights at a tenth of the rate), weighted
/// binary cross-entropy (positives weighted by negatives / positives), batch-norm statistics kept frozen, early
/// stopping on validation AUC with the best epoch's weights restored, fixed seeds. With
/// <see cref="RadiographNetworkData.Folds"/>, one extra network per fold gives out-of-fold logits for stacking.
/// </summary>
public sealed class RadiographNetworkTrainer : IRadiographNetworkTrainer
{
    private const int Side = RadiographCatalog.InputSize;
    private const int Plane = Side * Side;

    public TrainedRadiographNetwork Train(
        RadiographNetworkData data,
        RadiographNetworkOptions options,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Mode == FineTuneMode.None)
        {
            throw new ArgumentException("fine-tune mode 'none' trains no network.", nameof(options));
        }
        if (data.Folds is { } assigned && assigned.Length != data.TrainRows.Length)
        {
            throw new ArgumentException("Folds must give one fold per training row.", nameof(data));
        }
        TorchRuntime.EnsureLoaded();
        var clock = Stopwatch.StartNew();
        int threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        torch.set_num_threads(threads);
        using var frozen = FrozenInputs.Compute(data, options, progress, cancellationToken);

        // Out-of-fold logits: one network per fold, fitted without that fold's patients, scores them.
        double[]? outOfFold = null;
        long trainedFilms = 0;
        double trainSeconds = 0;
        if (data.Folds is { } folds)
        {
            outOfFold = new double[data.TrainRows.Length];
            int[] foldIds = [.. folds.Distinct().Order()];
            foreach (int fold in foldIds)
            {
                int[] fit = [.. data.TrainRows.Where((_, i) => folds[i] != fold)];
                int[] heldOut = [.. Enumerable.Range(0, data.TrainRows.Length).Where(i => folds[i] == fold)];
                string what = $"fold {Array.IndexOf(foldIds, fold) + 1}/{foldIds.Length}";
                var fitted = Fit(
                    data,
                    options,
                    frozen,
                    fit,
                    options.Seed + 1 + fold,
                    what,
                    progress,
                    cancellationToken
                );
                using (fitted.Network)
                {
                    double[] logits = Logits(
                        fitted.Network,
                        options.Mode,
                        data,
                        frozen,
                        [.. heldOut.Select(i => frozen.Position(data.TrainRows[i]))]
                    );
                    if (!logits.All(double.IsFinite))
                    {
                        throw new NetworkDivergedException(what, fitted.BestEpoch, "out-of-fold logit");
                    }
                    for (int j = 0; j < heldOut.Length; j++)
                    {
                        outOfFold[heldOut[j]] = logits[j];
                    }
                }
                trainedFilms += fitted.TrainedFilms;
                trainSeconds += fitted.TrainSeconds;
            }
        }

        var final = Fit(
            data,
            options,
            frozen,
            data.TrainRows,
            options.Seed,
            "all training films",
            progress,
            cancellationToken
        );
        using var network = final.Network;
        trainedFilms += final.TrainedFilms;
        trainSeconds += final.TrainSeconds;
        return new TrainedRadiographNetwork
        {
            Onnx = NetworkOnnxExporter.Export(network),
            Mode = options.Mode,
            Epochs = final.Epochs,
            BestEpoch = final.BestEpoch,
            BestValidationAuc = final.BestAuc,
            ImagesPerSecond = trainedFilms / Math.Max(1e-9, trainSeconds),
            CachingTime = frozen.Elapsed,
            Duration = clock.Elapsed,
            Threads = threads,
            OutOfFoldLogits = outOfFold,
        };
    }

    private sealed record FitResult(
        WaveletAttentionNetwork Network,
        int Epochs,
        int BestEpoch,
        double BestAuc,
        long TrainedFilms,
        double TrainSeconds
    );

    /// <summary>
    /// A fresh network fitted on <paramref name="trainRows"/>, stopped early on the validation rows, best epoch
    /// restored.
    /// </summary>
    private static FitResult Fit(
        RadiographNetworkData data,
        RadiographNetworkOptions options,
        FrozenInputs frozen,
        int[] trainRows,
        int seed,
        string what,
        IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken
    )
    {
        using var dropout = new TrainingDropout(options.Settings.Dropout, (ulong)seed + 1);
        using var attentionPenalty = options.Settings.AttentionPenalty.ToScalar();
        var network = WaveletAttentionNetwork.Create(options.ModelFolder, seed, data.Resolution);
        try
        {
            network.eval(); // batch norm uses its running statistics throughout (small batches would corrupt them)
            long[] trainPositions = [.. trainRows.Select(frozen.Position)];
            long[] validationPositions = [.. data.ValidationRows.Select(frozen.Position)];
            Standardise(network, options.Mode, data, frozen, trainPositions);

            var (optimizerOwner, trainable) = CreateOptimizer(network, options);
            using var optimizer = optimizerOwner;

            int positives = trainRows.Count(r => data.Labels[r]);
            using var positiveWeight = tensor(new[] { (float)(trainRows.Length - positives) / Math.Max(1, positives) });
            var random = new Random(seed);
            var augmentation = options.Mode == FineTuneMode.All ? new Random(seed + 7919) : null;
            double bestAuc = double.NegativeInfinity;
            int bestEpoch = 0,
                epoch;
            using var best = new DisposableTensors(Copies(trainable));
            long trainedFilms = 0;
            var trainClock = new Stopwatch();

            // Epochs with early stopping on validation AUC.
            for (
                epoch = 1;
                epoch <= options.Settings.MaxEpochs && epoch - bestEpoch <= options.Settings.Patience;
                epoch++
            )
            {
                network.train();
                network.Backbone.eval(); // frozen running statistics (network.train() would switch them back on)
                long[] order = [.. trainPositions.OrderBy(_ => random.Next())];
                var batches = new EpochBatches(
                    network,
                    options,
                    data,
                    frozen,
                    positiveWeight,
                    attentionPenalty,
                    optimizer,
                    augmentation,
                    dropout
                );
                double lossSum = batches.Train(order, trainClock, what, epoch, cancellationToken);
                trainedFilms += order.Length;
                network.eval();
                CheckFinite(network, trainable, what, epoch);
                double[] validationLogits = Logits(network, options.Mode, data, frozen, validationPositions);
                if (!validationLogits.All(double.IsFinite))
                {
                    throw new NetworkDivergedException(what, epoch, "validation logit");
                }
                double auc = RocAuc.Compute(
                    validationLogits,
                    [.. validationPositions.Select(p => data.Labels[frozen.Rows[p]])]
                );
                if (auc > bestAuc)
                {
                    bestAuc = auc;
                    bestEpoch = epoch;
                    CopyValues(trainable, best.Tensors);
                }
                progress?.Report(
                    new TrainingProgress(
                        $"Image network: fine-tuning ({FineTuneModes.Name(options.Mode)}, {what})",
                        epoch,
                        options.Settings.MaxEpochs,
                        $"epoch {epoch} · loss {lossSum / order.Length:0.000} · validation AUC {auc:0.000} (best "
                            + $"{bestAuc:0.000}, epoch {bestEpoch}) · "
                            + $"{trainedFilms / Math.Max(1e-9, trainClock.Elapsed.TotalSeconds):0} films/s"
                    )
                );
            }
            CopyValues(best.Tensors, trainable);
            network.eval();
            return new FitResult(network, epoch - 1, bestEpoch, bestAuc, trainedFilms, trainClock.Elapsed.TotalSeconds);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>
    /// One epoch's mini-batches: weighted cross-entropy plus the attention-correction penalty, one Adam step each.
    /// </summary>
    private sealed class EpochBatches(
        WaveletAttentionNetwork network,
        RadiographNetworkOptions options,
        RadiographNetworkData data,
        FrozenInputs frozen,
        Tensor positiveWeight,
        Scalar attentionPenalty,
        AdamOptimizer optimizer,
        Random? augmentation,
        TrainingDropout dropout
    )
    {
        /// <summary>
        /// Trains on <paramref name="order"/> in batches; returns the summed loss (mean loss × films).
        /// </summary>
        /// <exception cref="NetworkDivergedException">A batch's loss is not finite (checked before its update).
        /// </exception>
        public double Train(
            long[] order,
            Stopwatch trainClock,
            string fit,
            int epoch,
            CancellationToken cancellationToken
        )
        {
            var settings = options.Settings;
            double lossSum = 0;
            int batchNumber = 0;
            foreach (long[] batch in order.Chunk(settings.BatchSize))
            {
                batchNumber++;
                cancellationToken.ThrowIfCancellationRequested();
                trainClock.Start();
                using var scope = NewDisposeScope();
                var (stage4, batchEnergies) = Inputs(network, options.Mode, data, frozen, batch, augmentation);
                var (logit, _, _, correction) = network.Head(stage4, batchEnergies, dropout);
                var target = tensor(batch.Select(p => data.Labels[frozen.Rows[p]] ? 1f : 0f).ToArray()).reshape(-1, 1);
                var loss = F.binary_cross_entropy_with_logits(logit, target, pos_weights: positiveWeight)
                    .Plus(attentionPenalty * correction.pow(ConstantScalars.Two).mean());
                float value = loss.item<float>();
                if (!float.IsFinite(value))
                {
                    throw new NetworkDivergedException(fit, epoch, $"training loss (batch {batchNumber})");
                }
                optimizer.ZeroGrad();
                loss.backward();
                optimizer.Step();
                lossSum += value * batch.Length;
                trainClock.Stop();
            }
            return lossSum;
        }
    }

    /// <summary>
    /// Adam over the attention block and classifier at the full rate, and — for last-stage or all — the unfrozen
    /// backbone weights at a tenth of it; every other backbone weight stops receiving gradients.
    /// </summary>
    private static (AdamOptimizer Optimizer, List<Parameter> Trainable) CreateOptimizer(
        WaveletAttentionNetwork network,
        RadiographNetworkOptions options
    )
    {
        var settings = options.Settings;
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
        var optimizer = new AdamOptimizer([
            (blockParameters, settings.LearningRate, settings.WeightDecay),
            (backboneParameters, settings.LearningRate / 10, settings.WeightDecay),
        ]);
        return (optimizer, [.. blockParameters, .. backboneParameters]);
    }

    /// <summary>Detached copies of <paramref name="tensors"/>, owned by the caller.</summary>
    private static List<Tensor> Copies(IEnumerable<Tensor> tensors)
    {
        // In a scope: the detached views are temporaries, which outside one only a finalizer would free (possibly
        // while clone() still reads them).
        using var scope = NewDisposeScope();
        return [.. tensors.Select(t => t.detach().clone().MoveToOuterDisposeScope())];
    }

    /// <exception cref="NetworkDivergedException">A trained parameter holds a NaN or an infinity.</exception>
    private static void CheckFinite(WaveletAttentionNetwork network, List<Parameter> trainable, string fit, int epoch)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        int bad = trainable.FindIndex(p => !isfinite(p).all().item<bool>());
        if (bad >= 0)
        {
            string name =
                network.named_parameters().FirstOrDefault(n => ReferenceEquals(n.parameter, trainable[bad])).name
                ?? $"#{bad}";
            throw new NetworkDivergedException(fit, epoch, $"parameter {name}");
        }
    }

    private static void CopyValues(IReadOnlyList<Tensor> from, IReadOnlyList<Tensor> to)
    {
        using var noGrad = no_grad();
        for (int i = 0; i < from.Count; i++)
        {
            to[i].copy_(from[i]);
        }
    }

    /// <summary>
    /// Fixes the standardisation from the training films: wavelet maps, then the embedding under the initial attention.
    /// </summary>
    private static void Standardise(
        WaveletAttentionNetwork network,
        FineTuneMode mode,
        RadiographNetworkData data,
        FrozenInputs frozen,
        long[] trainPositions
    )
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (energyStd, energyMean) = std_mean(
            frozen.Energies.index_select(0, tensor(trainPositions)),
            [0, 2, 3],
            keepdim: false
        );
        network.SetWaveletStandardisation(energyMean, energyStd);
        var embeddings = new List<Tensor>();
        foreach (long[] batch in trainPositions.Chunk(64))
        {
            // A scope per batch: the batch's activations and head intermediates (≈ 3 × 100 kB per film) go at once,
            // not at the end (that held them for every training film: +0.55 GB at 3000 films).
            using var batchScope = NewDisposeScope();
            var (stage4, batchEnergies) = Inputs(network, mode, data, frozen, batch, augment: null);
            embeddings.Add(network.Head(stage4, batchEnergies).Embedding.MoveToOuterDisposeScope());
        }
        var (embeddingStd, embeddingMean) = std_mean(cat(embeddings, 0), [0], keepdim: false);
        network.SetEmbeddingStandardisation(embeddingMean, embeddingStd);
    }

    /// <summary>
    /// Stage-4 activations and wavelet energies of the films at cache positions <paramref name="batch"/>: from the
    /// caches where the backbone below is frozen, from (augmented) pixels otherwise.
    /// </summary>
    private static (Tensor Stage4, Tensor Energies) Inputs(
        WaveletAttentionNetwork network,
        FineTuneMode mode,
        RadiographNetworkData data,
        FrozenInputs frozen,
        long[] batch,
        Random? augment
    )
    {
        using var positions = tensor(batch);
        switch (mode)
        {
            case FineTuneMode.Head:
                return (frozen.Activations(batch), frozen.Energies.index_select(0, positions));
            case FineTuneMode.LastStage:
                return (
                    network.Stage4FromStage3(frozen.Activations(batch)),
                    frozen.Energies.index_select(0, positions)
                );
            default:
                int[] films = [.. batch.Select(p => frozen.Rows[p])];
                if (augment is null)
                {
                    return (
                        network.Stage4Features(Pixels(data.Films, films)),
                        frozen.Energies.index_select(0, positions)
                    );
                }
                var pixels = Pixels(data.Films, films, augment);
                // On a finer grid the maps are the film graph's, from the unaugmented film: augmenting them would mean
                // keeping every fine film, and a shift of at most 8 of 224 pixels moves a 32-pixel cell by a quarter.
                return (
                    network.Stage4Features(pixels),
                    data.Resolution.IsNative
                        ? frozen.Energies.index_select(0, positions)
                        : network.WaveletEnergies(pixels)
                );
        }
    }

    /// <summary>
    /// The network's image logits for the films at cache positions <paramref name="positions"/> (no augmentation).
    /// </summary>
    private static double[] Logits(
        WaveletAttentionNetwork network,
        FineTuneMode mode,
        RadiographNetworkData data,
        FrozenInputs frozen,
        long[] positions
    )
    {
        using var noGrad = no_grad();
        var logits = new List<double>();
        foreach (long[] batch in positions.Chunk(32))
        {
            using var scope = NewDisposeScope();
            var (stage4, batchEnergies) = Inputs(network, mode, data, frozen, batch, augment: null);
            logits.AddRange(
                network.Head(stage4, batchEnergies).Logit.reshape(-1).data<float>().ToArray().Select(v => (double)v)
            );
        }
        return [.. logits];
    }

    /// <summary>Films as [N, 3, 224, 224] planar pixels (the gray plane three times), optionally augmented.</summary>
    internal static Tensor Pixels(IReadOnlyList<byte[]> films, int[] batch, Random? augment = null)
    {
        var values = new float[batch.Length * 3 * Plane];
        for (int i = 0; i < batch.Length; i++)
        {
            var planar = values.AsSpan(i * 3 * Plane, 3 * Plane);
            if (augment is null)
            {
                GrayFilm.ToPlanar(films[batch[i]], planar);
            }
            else
            {
                // Augment the gray plane once, then repeat it, as ToPlanar does for plain films.
                FilmAugmentation.Apply(films[batch[i]], planar[..Plane], augment);
                planar[..Plane].CopyTo(planar[Plane..(2 * Plane)]);
                planar[..Plane].CopyTo(planar[(2 * Plane)..]);
            }
        }
        return tensor(values, [batch.Length, 3, Side, Side]);
    }
}
