using OsteoMl.Evaluation;

namespace OsteoMl.Workflows.Training;

/// <summary>
/// Image-only AUC of each ablation variant on validation and test, and its paired DeLong test against the backbone.
/// </summary>
internal sealed record ImageAblationResult(
    IReadOnlyDictionary<string, (AucEstimate Validation, AucEstimate Test)> Auc,
    IReadOnlyDictionary<string, AucComparison> VersusBackbone
)
{
    public static ImageAblationResult None { get; } =
        new(new Dictionary<string, (AucEstimate, AucEstimate)>(), new Dictionary<string, AucComparison>());
}
