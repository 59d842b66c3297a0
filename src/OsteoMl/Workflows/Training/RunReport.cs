using OsteoMl.Common;
using OsteoMl.Data;
using OsteoMl.Evaluation;
using OsteoMl.Imaging;
using OsteoMl.Reporting;

namespace OsteoMl.Workflows.Training;

/// <summary>
/// Stage 11: the run's record — metrics.json and report.html in the run folder (no patient identifiers).
/// </summary>
internal static class RunReport
{
    public static void Write(
        TrainingResult result,
        TrainingRequest request,
        RunFolder run,
        CohortSplit split,
        TrainingCohort cohort,
        ImageFeatures? images,
        IProgress<TrainingProgress>? progress
    )
    {
        MetricsJson.Write(Path.Combine(run.Directory, MetricsJson.FileName), result);
        progress?.Report(new TrainingProgress("Writing the report"));
        HtmlReport.Write(
            Path.Combine(run.Directory, HtmlReport.FileName),
            new ReportContent
            {
                Title = $"OsteoMl training run {run.Manifest.RunId}",
                EvaluatedOn =
                    "Held-out test split of the training cohort (never used for fitting, search or thresholds)",
                Cohort = result.Cohort,
                Evaluation = result.Test,
                OperatingPoint = request.OperatingPoint.ToString(),
                ThresholdsChosenOn = result.ThresholdsChosenOn,
                FittedOn = result.FittedOn,
                Seed = result.Seed,
                DataHash = result.DataHash,
                RunId = result.RunId,
                Split = result.Split,
                Trials = [.. result.Searches.Values.SelectMany(s => s.Trials)],
                TestToTrainRatio = PatientFolds.TestToTrainRatioOf(run.Manifest.Folds),
                ClinicalModel = result.ClinicalModel,
                Fusion = result.Fusion,
                FusionWeights = result.FusionWeights,
                ValidationAuc = result.ValidationAuc,
                Ablation = result.Ablation,
                AblationVersusBackbone = result.AblationVersusBackbone,
                AttentionExamples = images?.Saved is { } saved
                    ? AttentionExamples(split.Test, cohort.Labels, images.Films, saved.Outputs)
                    : [],
            }
        );
    }

    public static SplitSummary Summarise(TrainingCohort cohort, CohortSplit split) =>
        new(Part(cohort, split.Train), Part(cohort, split.Validation), Part(cohort, split.Test));

    public static IReadOnlyList<ImageNetworkSummary> Networks(ImageFeatures? images) =>
        images is null
            ? []
            :
            [
                .. images.Networks.Select(
                    (n, i) =>
                        new ImageNetworkSummary(
                            n.Variant,
                            FineTuneModes.Name(n.Network.Mode),
                            n.Network.Epochs,
                            n.Network.BestEpoch,
                            n.Network.BestValidationAuc,
                            n.Network.ImagesPerSecond,
                            n.Network.CachingTime.TotalSeconds,
                            n.Network.Duration.TotalSeconds,
                            Saved: i == images.Networks.Count - 1 && images.KeepsNetwork,
                            Threads: n.Network.Threads
                        )
                ),
            ];

    /// <summary>The first two positive and two negative test films with the saved network's attention.</summary>
    private static AttentionExample[] AttentionExamples(
        IReadOnlyList<int> testRows,
        IReadOnlyList<bool> labels,
        IReadOnlyList<byte[]> films,
        RadiographNetworkOutput[] outputs
    ) =>
        [
            .. testRows
                .Order()
                .Where(i => labels[i])
                .Take(2)
                .Concat(testRows.Order().Where(i => !labels[i]).Take(2))
                .Select(i => new AttentionExample(films[i], outputs[i].Attention, outputs[i].Probability, labels[i])),
        ];

    private static SplitPart Part(TrainingCohort cohort, IReadOnlyList<int> rows) =>
        new(
            rows.Select(i => cohort.Cohort.PatientIds[i]).Distinct(StringComparer.Ordinal).Count(),
            rows.Count,
            rows.Count(i => cohort.Labels[i])
        );
}
