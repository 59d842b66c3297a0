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
}
