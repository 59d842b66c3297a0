using OsteoMl.Evaluation;

namespace OsteoMl.AutoML;

/// <summary>Computes an <see cref="ObjectiveMetric"/> from probabilities and labels.</summary>
public static class ObjectiveScores
{
    public static double Compute(
        ObjectiveMetric metric,
        IReadOnlyList<double> probabilities,
        IReadOnlyList<bool> labels
    ) =>
        metric switch
        {
            ObjectiveMetric.Auc => RocAuc.Compute(probabilities, labels),
            ObjectiveMetric.Auprc => AveragePrecision.Compute(probabilities, labels),
            ObjectiveMetric.LogLoss => LogLoss.Compute(probabilities, labels),
            _ => throw new ArgumentOutOfRangeException(nameof(metric)),
        };

    public static string Label(ObjectiveMetric metric) =>
        metric switch
        {
            ObjectiveMetric.Auc => "AUC",
            ObjectiveMetric.Auprc => "AUPRC",
            _ => "log-loss",
        };
}
