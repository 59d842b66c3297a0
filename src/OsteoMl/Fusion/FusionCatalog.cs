using Microsoft.ML;

namespace OsteoMl.Fusion;

/// <summary><c>mlContext.Transforms.StackBranches(...)</c>: the stacking step as an ML.NET estimator.</summary>
public static class FusionCatalog
{
    /// <summary>
    /// Fuses binary classifiers by stacking: out-of-fold branch probabilities (grouped by
    /// <see cref="StackingOptions.SamplingKeyColumnName"/>) train a logistic meta-model on their logits.
    /// </summary>
    public static StackingEstimator StackBranches(
        this TransformsCatalog catalog,
        IReadOnlyList<StackingBranch> branches,
        StackingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new StackingEstimator(branches, options ?? new StackingOptions());
    }
}
