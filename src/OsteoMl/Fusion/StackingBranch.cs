using Microsoft.ML;

namespace OsteoMl.Fusion;

/// <summary>
/// One base model of a stack: an estimator whose fitted form writes a binary classifier's
/// <c>Probability</c> column, and the column its probability is kept in afterwards.
/// </summary>
public sealed record StackingBranch(string Name, IEstimator<ITransformer> Estimator, string ProbabilityColumnName);
