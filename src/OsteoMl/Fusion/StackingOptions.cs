namespace OsteoMl.Fusion;

/// <summary>Settings of <see cref="StackingEstimator"/>.</summary>
public sealed record StackingOptions
{
    public string LabelColumnName { get; init; } = "Label";

    public string OutputColumnName { get; init; } = "FusedProbability";

    public FusionStrategy Strategy { get; init; } = FusionStrategy.LogisticStacking;

    /// <summary>L2 penalty of the logistic meta-model over the branches' logits.</summary>
    public float MetaL2Regularization { get; init; } = 1f;

    /// <summary><see cref="FusionStrategy.WeightedAverage"/>: the first branch's weight, in [0, 1].</summary>
    public double FirstBranchWeight { get; init; } = 0.5;
}
