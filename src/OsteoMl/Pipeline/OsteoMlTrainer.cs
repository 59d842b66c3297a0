using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;
using OsteoMl.AutoML;
using OsteoMl.Data;
using OsteoMl.Evaluation;
using OsteoMl.Fusion;
using OsteoMl.Imaging;
using OsteoMl.Reporting;

namespace OsteoMl.Pipeline;

/// <summary>
/// One training run end to end: read and validate the cohort, split by patient, embed every radiograph once,
/// stack the image and clinical branches on the training split, choose operating points on validation,
/// report on test, and save one ML.NET zip.
/// </summary>
public static class OsteoMlTrainer
{
    public const string EmbeddingColumn = "ImageEmbedding";

    public static TrainingResult Train(TrainingRequest request, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        var config = request.Config;
        var cohortOptions = request.Cohort with { ExcludeColumns = [.. request.Cohort.ExcludeColumns, .. config.ExcludeColumns] };

        progress?.Report(new TrainingProgress("Reading cohort"));
        Cohort cohort = CohortReader.Read(request.DataPath, cohortOptions);
        IReadOnlyList<bool> labels = cohort.Labels!;
        string labelName = cohortOptions.LabelFromTScoreColumn ?? cohortOptions.LabelColumn;
        if (labels.All(l => l) || labels.All(l => !l))
        {
            throw new CohortFormatException($"the label has only one class ({(labels[0] ? "all positive" : "all negative")}); training needs both.",
                Path.GetFileName(cohort.Source), column: labelName);
        }
        if (cohort.Columns.Count == 0)
        {
            throw new CohortFormatException("no clinical feature columns are left after removing id, image, label and excluded columns.", Path.GetFileName(cohort.Source));
        }

        CohortSplit split = PatientSplitter.Split(cohort.PatientIds, labels, config.Split.Train, config.Split.Validation, request.Seed);
        foreach (var (name, part) in new[] { ("training", split.Train), ("validation", split.Validation), ("test", split.Test) })
        {
            var partLabels = part.Select(i => labels[i]).ToArray();
            if (partLabels.All(l => l) || partLabels.All(l => !l))
            {
                throw new CohortFormatException($"too few patients of one class to form a {name} split with both classes.", Path.GetFileName(cohort.Source), column: labelName);
            }
        }

        var mlContext = new MLContext(request.Seed);
        var view = new CohortDataView(cohort);

        // The CNN is frozen here, so every film is embedded exactly once and cached; folds and heads reuse it.
        var featurizer = mlContext.Transforms.FeaturizeRadiograph(EmbeddingColumn, ModelColumns.ImagePath, request.ImageModelFolder).Fit(view);
        IDataView embedded = mlContext.Data.Cache(featurizer.Transform(view));
        int done = 0;
        using (var cursor = embedded.GetRowCursor(embedded.Schema))
        {
            var getter = cursor.GetGetter<VBuffer<float>>(embedded.Schema[EmbeddingColumn]);
            VBuffer<float> buffer = default;
            while (cursor.MoveNext())
            {
                cancellationToken.ThrowIfCancellationRequested();
                getter(ref buffer);
                progress?.Report(new TrainingProgress("Embedding radiographs (ResNet18)", ++done, cohort.Count));
            }
        }

        IDataView trainView = SelectRows(mlContext, embedded, cohort, split.Train);
        IDataView validationView = SelectRows(mlContext, embedded, cohort, split.Validation);
        IDataView testView = SelectRows(mlContext, embedded, cohort, split.Test);

        progress?.Report(new TrainingProgress($"Stacking image + clinical branches ({config.Folds}-fold out-of-fold)"));
        cancellationToken.ThrowIfCancellationRequested();
        var branches = new[]
        {
            new StackingBranch("image", ImageHead.Create(mlContext, EmbeddingColumn, ModelColumns.Label, config.Image.HeadL2Regularization), ModelColumns.ImageProbability),
            new StackingBranch("clinical", ClinicalPipeline.Create(mlContext, cohort.Columns, ModelColumns.Label, config.Clinical.ToTrainerSettings(request.Seed)), ModelColumns.ClinicalProbability),
        };
        StackingTransformer stack = mlContext.Transforms
            .StackBranches(branches, new StackingOptions
            {
                LabelColumnName = ModelColumns.Label,
                SamplingKeyColumnName = ModelColumns.PatientId,
                OutputColumnName = ModelColumns.FusedProbability,
                NumberOfFolds = config.Folds,
                Seed = request.Seed,
                MetaL2Regularization = config.Fusion.MetaL2Regularization,
            })
            .Fit(trainView);

        progress?.Report(new TrainingProgress("Choosing operating points on validation, evaluating on test"));
        var models = new[] { ("fused", ModelColumns.FusedProbability), ("image", ModelColumns.ImageProbability), ("clinical", ModelColumns.ClinicalProbability) };
        var (validationScores, validationLabels) = Score(stack, validationView, models);
        var (testScores, testLabels) = Score(stack, testView, models);

        var thresholds = models.ToDictionary(m => m.Item1, m => ThresholdSelector.Youden(validationScores[m.Item1], validationLabels));
        var testMetrics = models.ToDictionary(m => m.Item1, m => BinaryMetrics.Compute(testScores[m.Item1], testLabels, thresholds[m.Item1]));
        var validationAuc = models.ToDictionary(m => m.Item1, m => RocAuc.Compute(validationScores[m.Item1], validationLabels));
        var outOfFoldAuc = stack.BranchNames
            .Select((name, b) => (name, auc: RocAuc.Compute(stack.OutOfFoldProbabilities[b], stack.TrainingLabels)))
            .ToDictionary(x => x.name, x => x.auc);

        // The fused decision at the validation-chosen threshold travels inside the zip as a stock Expression.
        var decision = mlContext.Transforms.Expression(
                ModelColumns.Predicted,
                $"p => p >= {thresholds["fused"].ToString("R", System.Globalization.CultureInfo.InvariantCulture)}",
                ModelColumns.FusedProbability)
            .Fit(stack.Transform(testView));
        var model = new TransformerChain<ITransformer>(featurizer, stack.Chain, decision);

        progress?.Report(new TrainingProgress("Saving model"));
        var inputSchema = new CohortDataView(cohort, includeLabel: false).Schema;
        ModelFile.SaveAtomically(mlContext, model, inputSchema, request.OutputModelPath);

        string runId = $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-seed{request.Seed}";
        string runDirectory = Path.Combine(request.RunsDirectory, runId);
        var result = new TrainingResult
        {
            ModelPath = Path.GetFullPath(request.OutputModelPath),
            RunDirectory = Path.GetFullPath(runDirectory),
            RunId = runId,
            Seed = request.Seed,
            DataHash = HashFile(cohort.Source),
            Split = new SplitSummary(Part(cohort, split.Train), Part(cohort, split.Validation), Part(cohort, split.Test)),
            TestMetrics = testMetrics,
            ValidationAuc = validationAuc,
            OutOfFoldAuc = outOfFoldAuc,
            FusionWeights = stack.BranchNames.Select((n, i) => (n, w: stack.MetaWeights[i])).ToDictionary(x => x.n, x => x.w),
            Duration = clock.Elapsed,
        };
        MetricsJson.Write(Path.Combine(runDirectory, MetricsJson.FileName), result);
        stack.Dispose();
        return result;
    }

    /// <summary>Each model's probabilities and the labels, read in one pass over the scored split.</summary>
    private static (Dictionary<string, double[]> Scores, bool[] Labels) Score(ITransformer stack, IDataView data, IReadOnlyList<(string Name, string Column)> models)
    {
        IDataView scored = stack.Transform(data);
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
