using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;
using OsteoMl.AutoML;
using OsteoMl.Common;
using OsteoMl.Data;
using OsteoMl.Evaluation;
using OsteoMl.Fusion;
using OsteoMl.Imaging;
using OsteoMl.Model;
using OsteoMl.Reporting;

namespace OsteoMl.Workflows;

/// <summary>
/// One training run end to end: read and validate the cohort, split by patient, embed every radiograph once,
/// search the clinical branch (AutoML), the image head and the fusion step by cross-validation on the training
/// split, fit the stack, choose operating points on validation, report on test, and save one ML.NET zip.
/// Cancelling during the search stops it and finishes with the best configurations found so far; cancelling
/// before the search aborts (<see cref="OperationCanceledException"/>) and writes no model.
/// </summary>
public static class OsteoMlTrainer
{
    public const string EmbeddingColumn = "ImageEmbedding";

    /// <summary>ML.NET's defaults for L-BFGS logistic regression (L1 = L2 = 1) on standardised clinical features.</summary>
    private static readonly TrialParameters ReferenceLogistic =
        new(TrainerCatalog.LogisticRegression, new Dictionary<string, double> { ["l1"] = 1, ["l2"] = 1 });

    private static double AucOfFinite(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        int[] rows = Enumerable.Range(0, scores.Count).Where(i => double.IsFinite(scores[i])).ToArray();
        return RocAuc.Compute(rows.Select(i => scores[i]).ToArray(), rows.Select(i => labels[i]).ToArray());
    }

    /// <param name="cancellationToken">Stop searching and finish with the best trials so far (first Ctrl+C).</param>
    /// <param name="abortToken">Stop now and write no model (second Ctrl+C, SIGTERM): <see cref="TrainingAbortedException"/>.</param>
    public static TrainingResult Train(TrainingRequest request, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, CancellationToken abortToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var outputLock = OutputLock.Acquire(request.OutputModelPath);
        var clock = Stopwatch.StartNew();
        var config = request.Config;
        var cohortOptions = request.Cohort with
        {
            ExcludeColumns = [.. request.Cohort.ExcludeColumns, .. config.ExcludeColumns],
            RequireImages = !request.NoImages,
        };

        progress?.Report(new TrainingProgress("Reading cohort"));
        Cohort cohort = CohortReader.Read(request.DataPath, cohortOptions);
        IReadOnlyList<bool> labels = cohort.Labels!;
        string labelName = cohortOptions.LabelFromTScoreColumn ?? cohortOptions.LabelColumn;
        string fileName = Path.GetFileName(cohort.Source);
        if (labels.All(l => l) || labels.All(l => !l))
        {
            throw new CohortFormatException($"the label has only one class ({(labels[0] ? "all positive" : "all negative")}); training needs both.", fileName, column: labelName);
        }
        if (cohort.Columns.Count == 0)
        {
            throw new CohortFormatException("no clinical feature columns are left after removing id, image, label and excluded columns.", fileName);
        }
        bool usesImages = cohort.ImagePaths is not null;
        string dataHash = HashFile(cohort.Source);
        RunManifest run = OpenRun(request, config, dataHash, labelName, usesImages, out string runDirectory, out IReadOnlyList<TrialResult> previousTrials);
        int seed = run.Seed;

        CohortSplit split = PatientSplitter.Split(cohort.PatientIds, labels, config.Split.Train, config.Split.Validation, seed);
        foreach (var (name, part) in new[] { ("training", split.Train), ("validation", split.Validation), ("test", split.Test) })
        {
            var partLabels = part.Select(i => labels[i]).ToArray();
            if (partLabels.All(l => l) || partLabels.All(l => !l))
            {
                throw new CohortFormatException($"too few patients of one class to form a {name} split with both classes.", fileName, column: labelName);
            }
        }

        int folds = run.Folds;
        foreach (bool positive in new[] { true, false })
        {
            int patients = split.Train.Where(i => labels[i] == positive).Select(i => cohort.PatientIds[i]).Distinct(StringComparer.Ordinal).Count();
            if (patients < folds)
            {
                throw new CohortFormatException(
                    $"the training split has {patients} {(positive ? "positive" : "negative")} patients; {folds}-fold cross-validation needs at least {folds} of each class. Add patients or lower `folds` in the pipeline config.",
                    fileName, column: labelName);
            }
        }

        var mlContext = new MLContext(seed);
        IDataView data = new CohortDataView(cohort);
        ITransformer? featurizer = null;
        float[][] embeddings = [], backboneEmbeddings = [];
        var films = new List<byte[]>(); // 224 × 224 gray, kept only when a network is trained
        var networks = new List<(string Variant, TrainedRadiographNetwork Network, RadiographNetworkOutput[] Outputs)>();
        if (usesImages)
        {
            // The frozen CNN embeds every film exactly once; every trial and the stack reuse the vectors.
            // The batched ONNX Runtime path computes what the saved pipeline's featurizer computes, only faster.
            featurizer = mlContext.Transforms.FeaturizeRadiograph(EmbeddingColumn, ModelColumns.ImagePath, request.ImageModelFolder).Fit(data);
            var pixels = mlContext.Transforms.PreprocessRadiograph(ModelColumns.ImagePath).Fit(data).Transform(data);
            using var embedToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, abortToken);
            try
            {
                List<float[]>? stage4 = null;
                using (var embedder = BatchedEmbedder.Create(request.ImageModelFolder, device: request.Device))
                {
                    bool network = request.FineTune != FineTuneMode.None;
                    embeddings = embedder.Embed(pixels, progress: done => progress?.Report(new TrainingProgress("Embedding radiographs (ResNet18, batched)", done, cohort.Count)),
                        cancellationToken: embedToken.Token, films: network ? films : null, keepStage4: network);
                    stage4 = network ? embedder.Stage4 : null;
                }
                backboneEmbeddings = embeddings;
                if (request.FineTune != FineTuneMode.None)
                {
                    int[] trainRows = [.. split.Train.Order()]; // the order of the training view, hence of the stack's folds
                    int[] trainFolds = PatientSplitter.AssignFolds([.. trainRows.Select(i => cohort.PatientIds[i])], [.. trainRows.Select(i => labels[i])], run.Folds, seed);
                    networks = TrainNetworks(request, config, seed, [.. films], stage4!, labels, trainRows, trainFolds, split.Validation, progress, embedToken.Token);
                    var (_, chosen, outputs) = networks[^1];
                    // The image head calibrates the network's logit. Training rows carry their out-of-fold logit (from the
                    // fold network that never saw them), so the head's and the stack's out-of-fold outputs do not leak;
                    // validation and test rows carry the saved network's logit, exactly what the zip computes.
                    embeddings = [.. outputs.Select(o => new[] { o.Logit })];
                    for (int i = 0; i < trainRows.Length; i++)
                    {
                        embeddings[trainRows[i]] = [(float)chosen.OutOfFoldLogits![i]];
                    }
                    featurizer = mlContext.Transforms.FeaturizeRadiographNetwork(chosen.Onnx, EmbeddingColumn, ModelColumns.NetworkEmbedding,
                        ModelColumns.NetworkProbability, ModelColumns.AttentionMap, ModelColumns.ImagePath).Fit(data);
                }
            }
            catch (OperationCanceledException)
            {
                throw new TrainingAbortedException(runDirectory);
            }
            data = new CohortDataView(cohort, embeddings: (EmbeddingColumn, embeddings));
        }
        if (cancellationToken.IsCancellationRequested || abortToken.IsCancellationRequested)
        {
            throw new TrainingAbortedException(runDirectory);
        }

        IDataView trainView = SelectRows(mlContext, data, cohort, split.Train);
        IDataView validationView = SelectRows(mlContext, data, cohort, split.Validation);
        IDataView testView = SelectRows(mlContext, data, cohort, split.Test);

        void ThrowIfAborted()
        {
            if (abortToken.IsCancellationRequested)
            {
                throw new TrainingAbortedException(runDirectory);
            }
        }
        using var stopOrAbort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, abortToken);
        CancellationToken searchToken = stopOrAbort.Token;
        var log = new TrialLog(Path.Combine(runDirectory, TrialLog.FileName));
        var searches = new Dictionary<string, ExperimentResult>();
        var trainers = run.Trainers.Select(t => TrainerCatalog.Find(t)!).ToArray();

        // 1. Clinical AutoML.
        var clinicalRunner = new CrossValidationRunner("clinical", trainView, ModelColumns.Label, ModelColumns.PatientId, run.Folds, run.Metric, seed,
            (ml, p) => ClinicalPipeline.Create(ml, cohort.Columns, ModelColumns.Label, p, seed),
            p => TrainerCatalog.Find(p.Trainer)!.EstimateCost(p));
        var clinicalSearch = new AutoMLExperiment(
                Tuners.Create(run.Tuner, trainers, seed),
                clinicalRunner,
                new ExperimentOptions { Stage = "clinical", MaxTrials = run.MaxTrials, TimeBudget = ToTimeSpan(run.TimeBudgetSeconds) })
            .Run(previousTrials, log, SearchProgress(progress, $"AutoML clinical search ({run.Tuner})", run.Metric), searchToken);
        searches["clinical"] = clinicalSearch;
        ThrowIfAborted();
        TrialParameters clinicalBest = clinicalSearch.Best?.Parameters
            ?? throw new CohortFormatException(
                $"no clinical trial finished ({clinicalSearch.StopReason}); give the search more time (--time-budget) or check the trial errors in {log.Path}.", fileName);

        ITransformer scoringPart;
        IReadOnlyList<(string Name, string Column)> models;
        StackingTransformer? stack = null;
        string? fusionDescription = null;
        IReadOnlyDictionary<string, (AucEstimate Validation, AucEstimate Test)> ablation = new Dictionary<string, (AucEstimate, AucEstimate)>();
        Dictionary<string, AucComparison> ablationTests = [];
        if (usesImages)
        {
            // 2. Image head: a small grid over the penalty, on cached embeddings.
            var imageRunner = new CrossValidationRunner("image", trainView, ModelColumns.Label, ModelColumns.PatientId, run.Folds, run.Metric, seed,
                (ml, p) => ImageHead.Create(ml, EmbeddingColumn, ModelColumns.Label, (float)p["l2"]),
                TrainerCatalog.ImageHead.EstimateCost);
            var imageGrid = config.Image.HeadL2Candidates.Select(l2 => new TrialParameters(TrainerCatalog.ImageHead.Name, new Dictionary<string, double> { ["l2"] = l2 })).ToArray();
            var imageSearch = new AutoMLExperiment(new GridTuner(imageGrid), imageRunner, new ExperimentOptions { Stage = "image", MaxTrials = imageGrid.Length })
                .Run(previousTrials, log, SearchProgress(progress, "Image head search (grid)", run.Metric), searchToken);
            ThrowIfAborted();
            searches["image"] = imageSearch;
            TrialParameters imageBest = imageSearch.Best?.Parameters ?? imageGrid[imageGrid.Length / 2];

            // 3. Fusion: strategies and meta-model penalties, on the branches' out-of-fold probabilities.
            progress?.Report(new TrainingProgress("Fusion search (out-of-fold branch outputs)"));
            double[] clinicalOutOfFold = clinicalRunner.RunWithPredictions(-1, clinicalBest, CancellationToken.None).OutOfFold;
            double[] imageOutOfFold = imageRunner.RunWithPredictions(-1, imageBest, CancellationToken.None).OutOfFold;
            string[] trainKeys = split.Train.Select(i => cohort.PatientIds[i]).ToArray();
            var fusionRunner = new FusionSearch([imageOutOfFold, clinicalOutOfFold], clinicalRunner.Labels, trainKeys, run.Folds, run.Metric, seed);
            var fusionGrid = FusionSearch.Grid(config.Fusion.Strategies.Select(s => Enum.Parse<FusionStrategy>(s, ignoreCase: true)), config.Fusion.MetaL2Candidates);
            var fusionSearch = new AutoMLExperiment(new GridTuner(fusionGrid), fusionRunner, new ExperimentOptions { Stage = FusionSearch.Stage, MaxTrials = fusionGrid.Count })
                .Run(previousTrials, log, null, searchToken);
            ThrowIfAborted();
            searches[FusionSearch.Stage] = fusionSearch;
            TrialParameters fusionBest = fusionSearch.Best?.Parameters ?? fusionGrid[^1];
            var strategy = Enum.Parse<FusionStrategy>(fusionBest.Trainer);
            fusionDescription = fusionBest.ToString();
            ThrowIfAborted();
            progress?.Report(new TrainingProgress("Image ablation (backbone, + wavelet features, + wavelet attention, fine-tuned)"));
            ablation = ImageAblation(mlContext, cohort, split, backboneEmbeddings, config.Image.HeadL2Candidates, run.Folds, seed, networks, out ablationTests);

            progress?.Report(new TrainingProgress($"Fitting the stack ({run.Folds}-fold out-of-fold, {fusionDescription})"));
            var branches = new[]
            {
                new StackingBranch("image", ImageHead.Create(mlContext, EmbeddingColumn, ModelColumns.Label, (float)imageBest["l2"]), ModelColumns.ImageProbability),
                new StackingBranch("clinical", ClinicalPipeline.Create(mlContext, cohort.Columns, ModelColumns.Label, clinicalBest, seed), ModelColumns.ClinicalProbability),
            };
            stack = mlContext.Transforms
                .StackBranches(branches, new StackingOptions
                {
                    LabelColumnName = ModelColumns.Label,
                    SamplingKeyColumnName = ModelColumns.PatientId,
                    OutputColumnName = ModelColumns.FusedProbability,
                    NumberOfFolds = run.Folds,
                    Seed = seed,
                    Strategy = strategy,
                    MetaL2Regularization = strategy == FusionStrategy.LogisticStacking ? (float)fusionBest["l2"] : 1f,
                })
                .Fit(trainView);
            scoringPart = stack.Chain;
            models = [("fused", ModelColumns.FusedProbability), ("image", ModelColumns.ImageProbability), ("clinical", ModelColumns.ClinicalProbability)];
        }
        else
        {
            progress?.Report(new TrainingProgress($"Fitting the clinical model ({clinicalBest})"));
            var clinicalModel = ClinicalPipeline.Create(mlContext, cohort.Columns, ModelColumns.Label, clinicalBest, seed).Fit(trainView);
            var keep = mlContext.Transforms.CopyColumns(ModelColumns.ClinicalProbability, "Probability").Fit(clinicalModel.Transform(trainView));
            scoringPart = new TransformerChain<ITransformer>(clinicalModel, keep);
            models = [("clinical", ModelColumns.ClinicalProbability)];
        }

        // The reference model every screening paper should beat: ML.NET's default logistic regression.
        progress?.Report(new TrainingProgress("Fitting the reference logistic regression"));
        var logisticModel = ClinicalPipeline.Create(mlContext, cohort.Columns, ModelColumns.Label, ReferenceLogistic, seed).Fit(trainView);
        var keepLogistic = mlContext.Transforms.CopyColumns(ModelColumns.LogisticProbability, "Probability")
            .Fit(logisticModel.Transform(scoringPart.Transform(trainView)));
        scoringPart = new TransformerChain<ITransformer>(scoringPart, logisticModel, keepLogistic);
        models = [.. models, ("logistic", ModelColumns.LogisticProbability)];

        progress?.Report(new TrainingProgress($"Choosing operating points on validation ({request.OperatingPoint}), evaluating on test"));
        var (validationScores, validationLabels) = Score(scoringPart, validationView, models);
        var (testScores, testLabels) = Score(scoringPart, testView, models);
        var validationTools = ClinicalRiskScores.Compute(cohort.Subset(split.Validation));
        var testTools = ClinicalRiskScores.Compute(cohort.Subset(split.Test));
        // Learned models: thresholds from validation. Traditional tools: their published cut-offs, nothing fitted.
        var thresholds = models.ToDictionary(m => m.Name, m => request.OperatingPoint.ChooseThreshold(validationScores[m.Name], validationLabels));
        var testToolModels = testTools.Select(t => t.AsModel()).OfType<ModelScores>().ToArray();
        foreach (var tool in testToolModels)
        {
            thresholds[tool.Name] = tool.Threshold;
        }
        var validationAuc = models.ToDictionary(m => m.Name, m => RocAuc.Compute(validationScores[m.Name], validationLabels));
        foreach (var tool in validationTools.Where(t => t.Scores is not null))
        {
            validationAuc[tool.Name] = AucOfFinite(tool.Scores!, validationLabels);
        }
        var recalibrators = new Dictionary<string, Recalibrator>();
        if (request.Recalibration is { } method && usesImages)
        {
            recalibrators["fused"] = method == "isotonic"
                ? Recalibrator.Isotonic(validationScores["fused"], validationLabels)
                : Recalibrator.Platt(validationScores["fused"], validationLabels);
        }
        EvaluationResult test = ModelEvaluator.Evaluate(
            [
                .. models.Select(m => new ModelScores(m.Name, testScores[m.Name], thresholds[m.Name])),
                .. testToolModels,
            ],
            testLabels,
            cohort.Subset(split.Test),
            request.BootstrapReplicates,
            RiskTool.SkippedReasons(testTools),
            recalibrators);
        var outOfFoldAuc = stack is null
            ? new Dictionary<string, double> { ["clinical"] = clinicalSearch.Best!.Metric == ObjectiveMetric.Auc ? clinicalSearch.Best.Mean : double.NaN }
            : stack.BranchNames
                .Select((name, b) => (name, auc: RocAuc.Compute(stack.OutOfFoldProbabilities[b], stack.TrainingLabels)))
                .ToDictionary(x => x.name, x => x.auc);

        // The decision at the validation-chosen threshold travels inside the zip as a stock Expression.
        string decided = models[0].Column;
        var decision = mlContext.Transforms.Expression(
                ModelColumns.Predicted,
                $"p => p >= {thresholds[models[0].Name].ToString("R", CultureInfo.InvariantCulture)}",
                decided)
            .Fit(scoringPart.Transform(testView));
        var model = featurizer is null
            ? new TransformerChain<ITransformer>(scoringPart, decision)
            : new TransformerChain<ITransformer>(featurizer, scoringPart, decision);

        ThrowIfAborted();
        progress?.Report(new TrainingProgress("Saving model"));
        var inputSchema = new CohortDataView(cohort, includeLabel: false).Schema;
        var card = new ModelCard
        {
            OperatingPoint = request.OperatingPoint.ToString(),
            Thresholds = thresholds,
            UsesImages = usesImages,
            Seed = seed,
            DataHash = dataHash,
            RunId = run.RunId,
            ClinicalModel = clinicalBest.ToString(),
            Fusion = fusionDescription,
            ImageNetwork = !usesImages ? null
                : networks.Count == 0 ? "resnet18 (frozen ImageNet weights)"
                : $"wavelet-attention on resnet18, fine-tune {FineTuneModes.Name(networks[^1].Network.Mode)}, best epoch {networks[^1].Network.BestEpoch} of {networks[^1].Network.Epochs}",
        };
        ModelFile.SaveAtomically(mlContext, model, inputSchema, request.OutputModelPath, card);

        var result = new TrainingResult
        {
            ModelPath = Path.GetFullPath(request.OutputModelPath),
            RunDirectory = Path.GetFullPath(runDirectory),
            RunId = run.RunId,
            Seed = seed,
            DataHash = dataHash,
            Split = new SplitSummary(Part(cohort, split.Train), Part(cohort, split.Validation), Part(cohort, split.Test)),
            Test = test,
            OperatingPoint = request.OperatingPoint,
            ValidationAuc = validationAuc,
            OutOfFoldAuc = outOfFoldAuc,
            FusionWeights = stack is null
                ? new Dictionary<string, double>()
                : stack.BranchNames.Select((n, i) => (n, w: stack.MetaWeights[i])).ToDictionary(x => x.n, x => x.w),
            Duration = clock.Elapsed,
            UsesImages = usesImages,
            Searches = searches,
            Tuner = run.Tuner,
            Metric = run.Metric,
            Fusion = fusionDescription,
            Cohort = CohortSummary.Of(cohort),
            Ablation = ablation,
            AblationVersusBackbone = ablationTests,
            ImageNetworks = [.. networks.Select((n, i) => new ImageNetworkSummary(n.Variant, FineTuneModes.Name(n.Network.Mode), n.Network.Epochs, n.Network.BestEpoch,
                n.Network.BestValidationAuc, n.Network.ImagesPerSecond, n.Network.CachingTime.TotalSeconds, n.Network.Duration.TotalSeconds, Saved: i == networks.Count - 1))],
        };
        MetricsJson.Write(Path.Combine(runDirectory, MetricsJson.FileName), result);
        progress?.Report(new TrainingProgress("Writing the report"));
        HtmlReport.Write(Path.Combine(runDirectory, HtmlReport.FileName), new ReportContent
        {
            Title = $"OsteoMl training run {run.RunId}",
            EvaluatedOn = "Held-out test split of the training cohort (never used for fitting, search or thresholds)",
            Cohort = result.Cohort,
            Evaluation = test,
            OperatingPoint = request.OperatingPoint.ToString(),
            Seed = seed,
            DataHash = dataHash,
            RunId = run.RunId,
            Split = result.Split,
            Trials = [.. searches.Values.SelectMany(s => s.Trials)],
            ClinicalModel = clinicalBest.ToString(),
            Fusion = fusionDescription,
            FusionWeights = result.FusionWeights,
            ValidationAuc = validationAuc,
            Ablation = ablation,
            AblationVersusBackbone = ablationTests,
            AttentionExamples = networks.Count == 0 ? [] : AttentionExamples(split.Test, labels, films, networks[^1].Outputs),
        });
        stack?.Dispose();
        return result;
    }

    /// <summary>
    /// Trains the image network on the training split's films, stopping early on the validation split's: always the
    /// attention block on the frozen backbone ("attention"), and with <c>--fine-tune last-stage|all</c> also the
    /// fine-tuned network ("finetuned"). The last one is the one saved; it is also fitted once per fold of the
    /// training split for out-of-fold logits. Each is exported to ONNX and run over every film by ONNX Runtime.
    /// </summary>
    private static List<(string Variant, TrainedRadiographNetwork Network, RadiographNetworkOutput[] Outputs)> TrainNetworks(
        TrainingRequest request, PipelineConfig config, int seed, byte[][] films, IReadOnlyList<float[]> stage4, IReadOnlyList<bool> labels,
        int[] trainRows, int[] folds, IReadOnlyList<int> validationRows, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var trainer = request.NetworkTrainer
            ?? throw new InvalidOperationException("fine-tuning needs an image-network trainer (OsteoMl.Training); pass --fine-tune none to keep the frozen backbone.");
        FineTuneMode[] modes = request.FineTune == FineTuneMode.Head ? [FineTuneMode.Head] : [FineTuneMode.Head, request.FineTune];
        var settings = config.Image.Network;
        var networks = new List<(string, TrainedRadiographNetwork, RadiographNetworkOutput[])>();
        foreach (var mode in modes)
        {
            bool saved = mode == modes[^1];
            var data = new RadiographNetworkData(films, [.. labels], trainRows, [.. validationRows]) { Stage4 = stage4, Folds = saved ? folds : null };
            var network = trainer.Train(data, new RadiographNetworkOptions
            {
                Mode = mode,
                Seed = seed,
                ModelFolder = request.ImageModelFolder,
                MaxEpochs = settings.MaxEpochs,
                Patience = settings.Patience,
                BatchSize = settings.BatchSize,
                LearningRate = settings.LearningRate,
                WeightDecay = settings.WeightDecay,
                Dropout = settings.Dropout,
                AttentionPenalty = settings.AttentionPenalty,
            }, progress, cancellationToken);
            progress?.Report(new TrainingProgress("Image network: running the exported ONNX graph over every film"));
            using var runtime = new RadiographNetwork(network.Onnx, device: request.Device);
            networks.Add((mode == FineTuneMode.Head ? "attention" : "finetuned", network, runtime.Run(films)));
        }
        return networks;
    }

    /// <summary>
    /// Image-only AUC on validation and test, same split: the frozen backbone + logistic head ("backbone"); the same
    /// head on the embedding joined with the 12 gradient-based wavelet features of <see cref="WaveletGraph"/>
    /// ("wavelet"), each with its penalty chosen by the image head's CV grid on the training split; and each trained
    /// network's own probability ("attention", "finetuned"). Paired DeLong tests of each against the backbone on test.
    /// </summary>
    private static Dictionary<string, (AucEstimate Validation, AucEstimate Test)> ImageAblation(
        MLContext mlContext, Cohort cohort, CohortSplit split, float[][] embeddings, IReadOnlyList<double> l2Candidates, int folds, int seed,
        IReadOnlyList<(string Variant, TrainedRadiographNetwork Network, RadiographNetworkOutput[] Outputs)> networks,
        out Dictionary<string, AucComparison> versusBackbone)
    {
        var testScores = new Dictionary<string, double[]>();
        bool[] testLabels = [.. split.Test.Select(i => cohort.Labels![i])];
        IDataView images = new CohortDataView(cohort);
        float[][] wavelets = [.. mlContext.Transforms.FeaturizeWavelets("Wavelets", ModelColumns.ImagePath).Fit(images).Transform(images)
            .GetColumn<VBuffer<float>>("Wavelets").Select(v => v.DenseValues().ToArray())];
        var variants = new Dictionary<string, float[][]>
        {
            ["backbone"] = embeddings,
            ["wavelet"] = [.. embeddings.Zip(wavelets, (e, w) => (float[])[.. e, .. w])],
        };
        var results = new Dictionary<string, (AucEstimate, AucEstimate)>();
        foreach (var (name, features) in variants)
        {
            IDataView view = new CohortDataView(cohort, embeddings: (EmbeddingColumn, features));
            IDataView train = SelectRows(mlContext, view, cohort, split.Train);
            // Each variant gets its own penalty by the same patient-grouped CV grid as the saved image head.
            var runner = new CrossValidationRunner("ablation", train, ModelColumns.Label, ModelColumns.PatientId, folds, ObjectiveMetric.Auc, seed,
                (ml, p) => ImageHead.Create(ml, EmbeddingColumn, ModelColumns.Label, (float)p["l2"]), TrainerCatalog.ImageHead.EstimateCost);
            double l2 = l2Candidates.MaxBy(c => runner.Run(-1, new TrialParameters(TrainerCatalog.ImageHead.Name, new Dictionary<string, double> { ["l2"] = c }), CancellationToken.None).Mean is var m && double.IsFinite(m) ? m : double.NegativeInfinity);
            var head = ImageHead.Create(mlContext, EmbeddingColumn, ModelColumns.Label, (float)l2).Fit(train);
            AucEstimate Measure(IReadOnlyList<int> rows, bool test)
            {
                var (scores, labels) = Score(head, SelectRows(mlContext, view, cohort, rows), [("head", "Probability")]);
                if (test)
                {
                    testScores[name] = scores["head"];
                    testLabels = labels;
                }
                return BinaryMetrics.EstimateAuc(scores["head"], labels);
            }
            results[name] = (Measure(split.Validation, test: false), Measure(split.Test, test: true));
        }
        foreach (var (variant, _, outputs) in networks)
        {
            // KeyFilter keeps the view's row order, so the test rows line up with the head's scores above.
            testScores[variant] = [.. split.Test.Order().Select(i => (double)outputs[i].Probability)];
            AucEstimate Measure(IReadOnlyList<int> rows) =>
                BinaryMetrics.EstimateAuc([.. rows.Select(i => (double)outputs[i].Probability)], [.. rows.Select(i => cohort.Labels![i])]);
            results[variant] = (Measure(split.Validation), Measure(split.Test));
        }
        versusBackbone = testScores.Where(kv => kv.Key != "backbone")
            .ToDictionary(kv => kv.Key, kv => DeLong.Compare(kv.Value, testScores["backbone"], testLabels));
        return results;
    }

    /// <summary>The first two positive and two negative test films with the saved network's attention.</summary>
    private static AttentionExample[] AttentionExamples(IReadOnlyList<int> testRows, IReadOnlyList<bool> labels, IReadOnlyList<byte[]> films, RadiographNetworkOutput[] outputs) =>
    [
        .. testRows.Order().Where(i => labels[i]).Take(2).Concat(testRows.Order().Where(i => !labels[i]).Take(2))
            .Select(i => new AttentionExample(films[i], outputs[i].Attention, outputs[i].Probability, labels[i])),
    ];

    /// <summary>A new run folder with its manifest, or the folder being resumed with its logged trials.</summary>
    private static RunManifest OpenRun(TrainingRequest request, PipelineConfig config, string dataHash, string labelName, bool usesImages, out string runDirectory, out IReadOnlyList<TrialResult> previousTrials)
    {
        int? maxTrials = request.MaxTrials ?? (request.TimeBudget is null ? config.AutoMl.MaxTrials : null);
        double? budget = request.TimeBudget?.TotalSeconds ?? (request.MaxTrials is null ? config.AutoMl.TimeBudgetSeconds : null);
        if (request.ResumeDirectory is { } resume)
        {
            RunManifest previous = RunManifest.Read(resume);
            if (previous.DataHash != dataHash)
            {
                throw new CohortFormatException($"the data differ from those of the run being resumed ({resume}); resume with the same CSV or start a new run.", request.DataPath);
            }
            if (previous.LabelColumn != labelName)
            {
                throw new CohortFormatException($"the run being resumed used the label '{previous.LabelColumn}', not '{labelName}'.", resume);
            }
            if (previous.UsesImages != usesImages)
            {
                throw new CohortFormatException($"the run being resumed was {(previous.UsesImages ? "multimodal" : "tabular-only (--no-images)")}; resume it the same way.", resume);
            }
            runDirectory = resume;
            previousTrials = TrialLog.Read(Path.Combine(resume, TrialLog.FileName));
            // A resumed run may get a larger budget; everything that shapes the trial sequence stays.
            var resumed = previous with
            {
                MaxTrials = request.MaxTrials ?? previous.MaxTrials,
                TimeBudgetSeconds = request.TimeBudget?.TotalSeconds ?? previous.TimeBudgetSeconds,
            };
            resumed.Write(runDirectory);
            return resumed;
        }

        string runId = $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-seed{request.Seed}";
        runDirectory = Path.Combine(request.RunsDirectory, runId);
        for (int n = 2; Directory.Exists(runDirectory); n++)
        {
            runDirectory = Path.Combine(request.RunsDirectory, $"{runId}-{n}");
        }
        var manifest = new RunManifest
        {
            RunId = Path.GetFileName(runDirectory),
            DataHash = dataHash,
            DataPath = Path.GetFullPath(request.DataPath),
            LabelColumn = labelName,
            Seed = request.Seed,
            Tuner = Tuners.Parse(request.Tuner ?? config.AutoMl.Tuner) ?? throw new CohortFormatException($"unknown tuner '{request.Tuner}'; use {string.Join(" or ", Tuners.Names)}.", "--tuner"),
            Metric = Tuners.ParseMetric(request.Metric ?? config.AutoMl.Metric) ?? throw new CohortFormatException($"unknown metric '{request.Metric}'; use auc, auprc or logloss.", "--metric"),
            Folds = config.Folds,
            UsesImages = usesImages,
            Trainers = [.. (request.Trainers ?? config.AutoMl.Trainers).Select(t => TrainerCatalog.Find(t)?.Name
                ?? throw new CohortFormatException($"unknown trainer '{t}'; choose from {string.Join(", ", TrainerCatalog.All.Select(x => x.Name))}.", "--trainers"))],
            MaxTrials = maxTrials,
            TimeBudgetSeconds = budget,
        };
        previousTrials = [];
        manifest.Write(runDirectory);
        return manifest;
    }

    private static IProgress<ExperimentProgress>? SearchProgress(IProgress<TrainingProgress>? progress, string stage, ObjectiveMetric metric) =>
        progress is null ? null : new InlineProgress<ExperimentProgress>(p =>
        {
            string best = p.Best is null ? "none yet" : $"{p.Best.Mean:0.000} ({p.Best.Trainer})";
            string left = p.Remaining is { } r ? $" · {Math.Max(0, r.TotalSeconds):0} s left" : "";
            progress.Report(new TrainingProgress(stage, p.TrialsDone, p.MaxTrials ?? 0,
                $"trial {p.TrialsDone}{(p.MaxTrials is { } m ? $"/{m}" : "")} · best CV {ObjectiveScores.Label(metric)} {best} · {p.Elapsed.TotalSeconds:0} s{left}"));
        });

    private static TimeSpan? ToTimeSpan(double? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;

    /// <summary>Each model's probabilities and the labels, read in one pass over the scored split.</summary>
    private static (Dictionary<string, double[]> Scores, bool[] Labels) Score(ITransformer scoring, IDataView data, IReadOnlyList<(string Name, string Column)> models)
    {
        IDataView scored = scoring.Transform(data);
        var scores = models.ToDictionary(m => m.Name, _ => new List<double>());
        var labels = new List<bool>();
        using var cursor = scored.GetRowCursor(scored.Schema);
        var getters = models.Select(m => (m.Name, Get: cursor.GetGetter<float>(scored.Schema[m.Column]))).ToArray();
        var getLabel = cursor.GetGetter<bool>(scored.Schema[ModelColumns.Label]);
        float probability = 0;
        bool label = false;
        while (cursor.MoveNext())
        {
            foreach (var (name, get) in getters)
            {
                get(ref probability);
                scores[name].Add(probability);
            }
            getLabel(ref label);
            labels.Add(label);
        }
        return (scores.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()), labels.ToArray());
    }

    private static IDataView SelectRows(MLContext mlContext, IDataView data, Cohort cohort, IReadOnlyList<int> rows)
    {
        var patients = rows.Select(i => cohort.PatientIds[i]).ToHashSet(StringComparer.Ordinal);
        return KeyFilter.Keep(mlContext, data, ModelColumns.PatientId, patients.Contains);
    }

    private static SplitPart Part(Cohort cohort, IReadOnlyList<int> rows) =>
        new(rows.Select(i => cohort.PatientIds[i]).Distinct(StringComparer.Ordinal).Count(), rows.Count, rows.Count(i => cohort.Labels![i]));

    private static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
