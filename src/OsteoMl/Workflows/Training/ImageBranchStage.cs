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
        var headViews = Views(mlContext, cohort, split, images.HeadFeatures);
        if (images.Saved is null || !selectAgainstBackbone)
        {
            return (images, ImageHeadStage.Search(context, headViews, folds, l2Candidates));
        }
        SearchedBranch? head = null;
        string? headFailure = null;
        try
        {
            head = ImageHeadStage.Search(context, headViews, folds, l2Candidates);
        }
        catch (SearchFailedException e)
        {
            headFailure = e.Message;
        }
        var backboneViews = Views(mlContext, cohort, split, images.BackboneEmbeddings);
        var backbone = ImageHeadStage.Search(context, backboneViews, folds, l2Candidates, BackboneStage);
        var network = head is null ? null : context.Searches[ImageHeadStage.Stage].Best;
        var frozen = context.Searches[BackboneStage].Best;
        if (head is null || network is null || frozen is null)
        {
            // Nothing to compare (a failed or stopped search): the simpler branch, and the reason.
            string reason = headFailure ?? "a search was stopped before it completed a trial";
            string kept = $"frozen backbone kept without a comparison: {reason}";
            context.Report($"Image branch: {kept}");
            return KeepBackbone(mlContext, request, cohort, images, backbone, kept);
        }
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
        return KeepBackbone(mlContext, request, cohort, images, backbone, selection);
    }

    private static (ImageFeatures Images, SearchedBranch Head) KeepBackbone(
        MLContext mlContext,
        TrainingRequest request,
        TrainingCohort cohort,
        ImageFeatures images,
        SearchedBranch backbone,
        string selection
    )
    {
        var chosen = images with
        {
            Featurizer = ImageStage.FrozenFeaturizer(
                mlContext,
                request,
                new CohortDataView(cohort.Cohort),
                images.Backbone,
                images.Resolution
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
