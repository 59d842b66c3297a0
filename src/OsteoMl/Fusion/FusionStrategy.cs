namespace OsteoMl.Fusion;

/// <summary>How the stack turns branch probabilities into one.</summary>
public enum FusionStrategy
{
    /// <summary>
    /// A logistic meta-model on the branches' out-of-fold logits (learned weights and recalibration).
    /// </summary>
    LogisticStacking,

    /// <summary>The mean of the branches' logits (equal weights, nothing learned; robust with few patients).</summary>
    MeanLogit,

    /// <summary>
    /// w · p₁ + (1 − w) · p₂ of two branches' probabilities, w searched (the paper's probability fusion): w = 1 is the
    /// first branch alone, w = 0 the second alone, so the search can always fall back to the better branch.
    /// </summary>
    WeightedAverage,
}
