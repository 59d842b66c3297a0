using Microsoft.ML;

namespace OsteoMl.Fusion;

/// <summary><c>mlContext.StackBranches(...)</c>: the stacking step as an ML.NET estimator.</summary>
public static class FusionCatalog
{
    /// <summary>
    /// Fuses binary classifiers by stacking with precomputed out-of-fold probabilities (as scikit-learn's
    /// <c>cv="prefit"</c>): the <see cref="MetaModel"/> learns from each branch's out-of-fold logits, then every
    /// branch is refitted once on all rows. Nothing is cross-fitted again here.
    /// </summary>
    public static StackingEstimator StackBranches(
        this MLContext mlContext,
        IReadOnlyList<StackingBranch> branches,
        StackingOptions? options = null
    )
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return new StackingEstimator(mlContext, branches, options ?? new StackingOptions());
    }
}
