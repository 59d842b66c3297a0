using Microsoft.ML;
using OsteoMl.AutoML;
using OsteoMl.Data;
using OsteoMl.Imaging;

namespace OsteoMl.Workflows.Training;

/// <summary>
/// Stage 5 (multimodal runs): the image branch is selected, not assumed. The logistic head's penalty is searched on
/// the run's folds for the trained network's logit and, as the simpler candidate, for the frozen backbone's
/// embedding; the network is kept only if its best out-of-fold score beats the backbone's beyond noise (by more than
/// one standard error of the mean fold difference, corrected for the folds' shared rows — the rule the clinical and
/// fusion choices use). Otherwise the zip gets the frozen backbone and its head.
/// </summary>
internal static class ImageBranchStage
{
    public const string BackboneStage = "image-backbone";

    public static (ImageFeatures Images, SearchedBranch Head) Select(
        SearchContext context,
        MLContext mlContext,
        TrainingRequest request,
        TrainingCohort cohort,
        CohortSplit split,
        PatientFolds folds,
        ImageFeatures images,
        IReadOnlyList<double> l2Candidates,
        bool selectAgainstBackbone = true
    )
    {
        var head = ImageHeadStage.Search(
            context,
            Views(mlContext, cohort, split, images.HeadFeatures),
            folds,
            l2Candidates
        );
        if (images.Saved is null || !selectAgainstBackbone)
        {
            return (images, head);
        }
        var backboneViews = Views(mlContext, cohort, split, images.BackboneEmbeddings);
        var backbone = ImageHeadStage.Search(context, backboneViews, folds, l2Candidates, BackboneStage);
        var (network, frozen) = (context.Searches[ImageHeadStage.Stage].Best!, context.Searches[BackboneStage].Best!);
        double ratio = folds.TestToTrainRatio;
        bool keep = FoldStatistics.BeatsByOneStandardError(
            network.FoldScores,
            frozen.FoldScores,
            ratio,
            context.Metric
        );
        double se = FoldStatistics.CorrectedStandardError(network.FoldScores, frozen.FoldScores, ratio);
        string metric = ObjectiveScores.Label(context.Metric);
        string why =
            keep ? "the network is better beyond noise"
            : network.Loss < frozen.Loss ? "no difference beyond noise: the simpler wins"
            : "the backbone scores higher";
        string selection =
            $"{(keep ? "wavelet-attention network" : "frozen backbone")} kept: out-of-fold {metric} network "
            + $"{network.Mean:0.000} vs backbone {frozen.Mean:0.000}, corrected standard error of the difference "
            + $"{se:0.000} over {frozen.FoldScores.Count} folds ({why})";
        context.Report($"Image branch: {selection}");
        if (keep)
        {
            return (images with { Selection = selection }, head);
        }
        var chosen = images with
        {
            Featurizer = ImageStage.FrozenFeaturizer(
                mlContext,
                request,
                new CohortDataView(cohort.Cohort),
                images.Backbone
            ),
            HeadFeatures = images.BackboneEmbeddings,
            KeepsNetwork = false,
            Selection = selection,
        };
        return (chosen, backbone);
    }

    private static SplitViews Views(
        MLContext mlContext,
        TrainingCohort cohort,
        CohortSplit split,
        float[][] features
    ) => SplitViews.Create(mlContext, cohort, split, features);
}
