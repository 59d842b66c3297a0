namespace OsteoMl.Fusion;

/// <summary>Settings of <see cref="StackingEstimator"/>.</summary>
public sealed record StackingOptions
{
    public string LabelColumnName { get; init; } = "Label";

    /// <summary>Rows sharing this key (a text column, e.g. patient id) always land in the same fold.</summary>
    public string SamplingKeyColumnName { get; init; } = "PatientId";

    public string OutputColumnName { get; init; } = "FusedProbability";
    public int NumberOfFolds { get; init; } = 5;
    public int Seed { get; init; } = 1;

    public FusionStrategy Strategy { get; init; } = FusionStrategy.LogisticStacking;

    /// <summary>L2 penalty of the logistic meta-model over the branches' logits.</summary>
    public float MetaL2Regularization { get; init; } = 1f;
}
