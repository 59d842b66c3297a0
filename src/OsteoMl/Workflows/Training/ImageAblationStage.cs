using Microsoft.ML;
using Microsoft.ML.Data;
using OsteoMl.AutoML;
using OsteoMl.Data;
using OsteoMl.Evaluation;
using OsteoMl.Imaging;

namespace OsteoMl.Workflows.Training;

/// <summary>
/// Stage 7 (multimodal runs; reported, never used for fitting): image-only AUC on validation and test, same split,
/// of the frozen backbone + logistic head ("backbone"); the same head on the embedding joined with the 12
/// gradient-based wavelet features of <see cref="WaveletGraph"/> ("wavelet"), each with its penalty chosen by the
/// image head's CV grid on the run's folds; and each trained network's own probability ("attention",
/// "finetuned"). Paired DeLong tests of each against the backbone on test.
/// </summary>
internal static class ImageAblationStage
{
    public static ImageAblationResult Run(
        MLContext mlContext,
        TrainingCohort cohort,
        CohortSplit split,
        PatientFolds folds,
        ImageFeatures images,
        IReadOnlyList<double> l2Candidates,
        int seed
    )
    {
        int[] test = [.. split.Test.Order()]; // the views keep cohort order, so scores line up with these rows
        bool[] testLabels = [.. test.Select(i => cohort.Labels[i])];
        var testScores = new Dictionary<string, double[]>();
        var results = new Dictionary<string, (AucEstimate, AucEstimate)>();
        foreach (var (name, features) in HeadVariants(mlContext, cohort, images.BackboneEmbeddings))
        {
            var views = SplitViews.Create(mlContext, cohort, split, features);
            var head = FitHead(mlContext, views.Train, folds, l2Candidates, seed);
            double[] validation = Probabilities(head, views.Validation);
            testScores[name] = Probabilities(head, views.Test);
            results[name] = (
                BinaryMetrics.EstimateAuc(validation, [.. split.Validation.Order().Select(i => cohort.Labels[i])]),
                BinaryMetrics.EstimateAuc(testScores[name], testLabels)
            );
        }
        foreach (var network in images.Networks)
        {
            testScores[network.Variant] = [.. test.Select(i => (double)network.Outputs[i].Probability)];
            AucEstimate Measure(IReadOnlyList<int> rows) =>
                BinaryMetrics.EstimateAuc(
                    [.. rows.Select(i => (double)network.Outputs[i].Probability)],
                    [.. rows.Select(i => cohort.Labels[i])]
                );
            results[network.Variant] = (Measure(split.Validation), Measure(split.Test));
        }
        var versusBackbone = testScores
            .Where(kv => kv.Key != "backbone")
            .ToDictionary(kv => kv.Key, kv => DeLong.Compare(kv.Value, testScores["backbone"], testLabels));
        return new ImageAblationResult(results, versusBackbone);
    }

    private static Dictionary<string, float[][]> HeadVariants(
        MLContext mlContext,
        TrainingCohort cohort,
        float[][] embeddings
    )
    {
        IDataView images = new CohortDataView(cohort.Cohort);
        float[][] wavelets =
        [
            .. mlContext
                .Transforms.FeaturizeWavelets("Wavelets", ModelColumns.ImagePath)
                .Fit(images)
                .Transform(images)
                .GetColumn<VBuffer<float>>("Wavelets")
                .Select(v => v.DenseValues().ToArray()),
        ];
        return new Dictionary<string, float[][]>
        {
            ["backbone"] = embeddings,
            ["wavelet"] = [.. embeddings.Zip(wavelets, (e, w) => (float[])[.. e, .. w])],
        };
    }

    /// <summary>
    /// The head with the penalty that the same patient-grouped CV grid as the saved image head prefers.
    /// </summary>
    private static ITransformer FitHead(
        MLContext mlContext,
        IDataView train,
        PatientFolds folds,
        IReadOnlyList<double> l2Candidates,
        int seed
    )
    {
        var runner = ImageHeadStage.Runner("ablation", train, folds, ObjectiveMetric.Auc, seed);
        double l2 = l2Candidates.MaxBy(c =>
            runner.Run(-1, ImageHeadStage.Parameters(c), CancellationToken.None).Mean is var m && double.IsFinite(m)
                ? m
                : double.NegativeInfinity
        );
        return ImageHead.Create(mlContext, ImageStage.EmbeddingColumn, ModelColumns.Label, (float)l2).Fit(train);
    }

    private static double[] Probabilities(ITransformer head, IDataView rows) =>
        [.. head.Transform(rows).GetColumn<float>("Probability").Select(p => (double)p)];
}
