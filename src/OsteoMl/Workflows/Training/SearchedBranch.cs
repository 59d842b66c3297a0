using Microsoft.ML;
using OsteoMl.AutoML;

namespace OsteoMl.Workflows.Training;

/// <summary>
/// A branch chosen by its search: what was chosen (a configuration or an ensemble of them), its out-of-fold probabilities over the training rows
/// (fitted once per fold of the run's folds — the stack consumes these, nothing is cross-fitted twice) and how to
/// build its estimator for the refit on all training rows.
/// </summary>
internal sealed record SearchedBranch(
    string Name,
    string Description,
    double[] OutOfFold,
    string ProbabilityColumn,
    Func<MLContext, IEstimator<ITransformer>> Estimator
)
{
    /// <summary>The clinical branch's ensemble (members, weights, out-of-fold score); null for the image head.</summary>
    public ClinicalEnsembleChoice? Ensemble { get; init; }

    /// <summary>
    /// The reference logistic regression's out-of-fold probabilities on the same folds (clinical branch only): its
    /// thresholds come from these when the validation rows are pooled.
    /// </summary>
    public double[]? ReferenceOutOfFold { get; init; }
}
