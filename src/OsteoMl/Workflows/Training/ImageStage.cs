using Microsoft.ML;
using OsteoMl.Common;
using OsteoMl.Data;
using OsteoMl.Imaging;

namespace OsteoMl.Workflows.Training;

/// <summary>
/// Stage 3 (multimodal runs only): choose the backbone's precision (<see cref="BackboneStage"/>), embed every film
/// once with the frozen ResNet18 (the batched ONNX Runtime path
/// computes what the saved featurizer computes, only faster) and, unless <c>--fine-tune none</c>, train the
/// wavelet-attention network. Every later trial and the stack reuse these features.
/// </summary>
internal static class ImageStage
{
    public const string EmbeddingColumn = "ImageEmbedding";

    public static ImageFeatures Run(
        TrainingRequest request,
        int seed,
        MLContext mlContext,
        TrainingCohort cohort,
        CohortSplit split,
        PatientFolds folds,
        IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken
    )
    {
        IDataView data = new CohortDataView(cohort.Cohort);
        var resolution = Resolution(request, cohort);
        progress?.Report(new TrainingProgress($"Film grid: {resolution.Description}"));
        var pixels = mlContext
            .Transforms.PreprocessRadiograph(ModelColumns.ImagePath, resolution.Grid)
            .Fit(data)
            .Transform(data);
        progress?.Report(new TrainingProgress("Backbone precision: calibrating and timing int8"));
        var backbone = BackboneStage.Choose(request, pixels, split, cancellationToken);
        progress?.Report(new TrainingProgress($"Backbone: {backbone.Precision} ({backbone.Reason})"));
        if (request.FineTune == FineTuneMode.None)
        {
            float[][] frozen = Embed(request, pixels, backbone, null, null, null, cohort, progress, cancellationToken);
            var featurizer = FrozenFeaturizer(mlContext, request, data, backbone, resolution.Grid);
            return new ImageFeatures(featurizer, frozen, frozen, [], [], backbone) { Resolution = resolution.Grid };
        }
        // A network is trained: every film (224 × 224 gray) and its stage-4 activations are kept, on disk, not in
        // the heap (150 kB per film: 3 GB for a 20,000-film cohort).
        var films = new SpilledRows<byte>(
            RadiographCatalog.InputSize * RadiographCatalog.InputSize,
            mlContext.TempFilePath
        );
        try
        {
            using var stage4 = new SpilledRows<float>(BatchedEmbedder.Stage4Size, mlContext.TempFilePath);
            var energies = resolution.Grid.IsNative ? new List<float[]>() : null;
            float[][] embeddings = Embed(
                request,
                pixels,
                backbone,
                films,
                stage4,
                energies,
                cohort,
                progress,
                cancellationToken
            );
            var trained = NetworkTraining.Train(
                request,
                seed,
                cohort,
                new NetworkFilms(films, stage4, resolution.Grid, energies),
                backbone,
                split,
                folds,
                progress,
                cancellationToken
            );
            if (trained.SavedDropped)
            {
                // The networks that did train stay in the report and the ablation; none can be saved.
                string reasons = string.Join("; ", trained.Dropped.Select(d => $"{d.Variant}: {d.Reason}"));
                return new ImageFeatures(
                    FrozenFeaturizer(mlContext, request, data, backbone, resolution.Grid),
                    embeddings,
                    embeddings,
                    films,
                    trained.Networks,
                    backbone
                )
                {
                    Resolution = resolution.Grid,
                    KeepsNetwork = false,
                    Dropped = trained.Dropped,
                    Selection = $"frozen backbone kept: the wavelet-attention network was dropped ({reasons})",
                };
            }
            var saved = trained.Networks[^1];
            var featurizer = mlContext
                .Transforms.FeaturizeRadiographNetwork(
                    saved.Network.Onnx,
                    EmbeddingColumn,
                    ModelColumns.NetworkEmbedding,
                    ModelColumns.NetworkProbability,
                    ModelColumns.AttentionMap,
                    ModelColumns.ImagePath,
                    resolution.Grid
                )
                .Fit(data);
            return new ImageFeatures(
                featurizer,
                HeadFeatures(saved, split),
                embeddings,
                films,
                trained.Networks,
                backbone
            )
            {
                Resolution = resolution.Grid,
                Dropped = trained.Dropped,
            };
        }
        catch
        {
            films.Dispose();
            throw;
        }
    }

    private static float[][] Embed(
        TrainingRequest request,
        IDataView pixels,
        BackboneChoice backbone,
        SpilledRows<byte>? films,
        SpilledRows<float>? stage4,
        List<float[]>? energies,
        TrainingCohort cohort,
        IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken
    )
    {
        float[][] embeddings;
        using (
            var embedder = BatchedEmbedder.Create(
                request.ImageModelFolder,
                device: request.Device,
                backbone: backbone.ResNet
            )
        )
        {
            embeddings = embedder.Embed(
                pixels,
                progress: done =>
                    progress?.Report(
                        new TrainingProgress("Embedding radiographs (ResNet18, batched)", done, cohort.Cohort.Count)
                    ),
                cancellationToken: cancellationToken,
                films: films,
                stage4: stage4,
                energies: energies
            );
        }
        ReleaseGarbage();
        return embeddings;
    }

    /// <summary>
    /// Embedding leaves hundreds of MB of decoded images and batch arrays behind (most on the large-object heap); one
    /// compacting collection here returns them before the network's native allocations start, instead of the heap
    /// staying committed at its high-water mark through training (1780 patients: peak RSS 1.6–1.7 GB → 1.44 GB).
    /// </summary>
    private static void ReleaseGarbage()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System
            .Runtime
            .GCLargeObjectHeapCompactionMode
            .CompactOnce;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    /// <summary>The frozen ResNet18 featurizer the zip runs when no trained network is saved.</summary>
    public static ITransformer FrozenFeaturizer(
        MLContext mlContext,
        TrainingRequest request,
        IDataView data,
        BackboneChoice backbone,
        FilmResolution resolution
    ) =>
        mlContext
            .Transforms.FeaturizeRadiograph(
                EmbeddingColumn,
                ModelColumns.ImagePath,
                request.ImageModelFolder,
                backbone.ResNet,
                resolution
            )
            .Fit(data);

    /// <summary>
    /// The film grid: <c>image.filmSide</c> when the pipeline config sets it, else the largest 224 × 2^m not above the
    /// films' median shorter side (<see cref="FilmResolution.ForFilms"/>), with the reason in words.
    /// </summary>
    private static (FilmResolution Grid, string Description) Resolution(TrainingRequest request, TrainingCohort cohort)
    {
        if (request.Config.Image.FilmSide is int side)
        {
            var set = new FilmResolution(side);
            return (set, $"{set} (image.filmSide), {set.WaveletLevels} wavelet levels");
        }
        int typical = FilmSizes.TypicalShortSide(cohort.Cohort.ImagePaths ?? []);
        var grid = FilmResolution.ForFilms(typical);
        return (grid, $"{grid} (films' median shorter side {typical} px), {grid.WaveletLevels} wavelet levels");
    }

    /// <summary>
    /// The image head calibrates the network's logit. Training rows carry their out-of-fold logit (from the fold
    /// network that never saw them), so the head's and the stack's out-of-fold outputs do not leak; validation and
    /// test rows carry the saved network's logit, exactly what the zip computes.
    /// </summary>
    private static float[][] HeadFeatures(TrainedNetworkVariant saved, CohortSplit split)
    {
        float[][] features = [.. saved.Outputs.Select(o => new[] { o.Logit })];
        int[] trainRows = [.. split.Train.Order()];
        for (int i = 0; i < trainRows.Length; i++)
        {
            features[trainRows[i]] = [(float)saved.Network.OutOfFoldLogits![i]];
        }
        return features;
    }
}
