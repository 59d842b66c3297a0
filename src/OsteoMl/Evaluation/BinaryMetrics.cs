namespace OsteoMl.Evaluation;

/// <summary>Discrimination and the confusion-matrix metrics of one model at a fixed threshold.</summary>
public sealed record BinaryMetrics(double Auc, double Accuracy, double Sensitivity, double Specificity, double Threshold, int N, int NPositive)
{
    public static BinaryMetrics Compute(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, double threshold)
    {
        int tp = 0, tn = 0, fp = 0, fn = 0;
        for (int i = 0; i < scores.Count; i++)
        {
            bool predicted = scores[i] >= threshold;
            if (predicted && labels[i]) tp++;
            else if (predicted) fp++;
            else if (labels[i]) fn++;
            else tn++;
        }
        return new BinaryMetrics(
            RocAuc.Compute(scores, labels),
            (double)(tp + tn) / scores.Count,
            tp + fn == 0 ? double.NaN : (double)tp / (tp + fn),
            tn + fp == 0 ? double.NaN : (double)tn / (tn + fp),
            threshold,
            scores.Count,
            tp + fn);
    }
}
