using Microsoft.ML;

namespace OsteoMl.Fusion;

/// <summary>
/// One base model of a stack: an estimator whose fitted form writes a binary classifier's <c>Probability</c>
/// column, the column its probability is kept in afterwards, and its out-of-fold probabilities over the stack's
/// training rows (from the run's cross-fitting: each row scored by a model that never saw its patient).
/// </summary>
public sealed record StackingBranch(
    string Name,
    IEstimator<ITransformer> Estimator,
    string ProbabilityColumnName,
    IReadOnlyList<double> OutOfFoldProbabilities
);
