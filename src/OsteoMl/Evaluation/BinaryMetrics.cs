namespace OsteoMl.Evaluation;

/// <summary>
/// One model on one set of cases: AUC with a 95 % interval, the confusion matrix at a fixed threshold with
/// Wilson intervals for accuracy, sensitivity, specificity, PPV and NPV, and — for probabilities — calibration.
/// </summary>
public sealed record BinaryMetrics(
    AucEstimate Auc,
    double Threshold,
    int TruePositives,
    int FalsePositives,
    int TrueNegatives,
    int FalseNegatives,
    Calibration? Calibration
)
{
    public int N => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;
    public int NPositive => TruePositives + FalseNegatives;
    public Proportion Accuracy => new(TruePositives + TrueNegatives, N);
    public Proportion Sensitivity => new(TruePositives, TruePositives + FalseNegatives);
    public Proportion Specificity => new(TrueNegatives, TrueNegatives + FalsePositives);
    public Proportion Ppv => new(TruePositives, TruePositives + FalsePositives);
    public Proportion Npv => new(TrueNegatives, TrueNegatives + FalseNegatives);

    /// <param name="isProbability">False for risk scores (OSTA…): no calibration.</param>
    /// <param name="bootstrapReplicates">0: DeLong interval; otherwise a stratified bootstrap with this many
    /// replicates.</param>
    public static BinaryMetrics Compute(
        IReadOnlyList<double> scores,
        IReadOnlyList<bool> labels,
        double threshold,
        bool isProbability = true,
        int bootstrapReplicates = 0
    )
    {
        if (scores.Count != labels.Count)
        {
            throw new ArgumentException("Scores and labels differ in length.");
        }
        int tp = 0,
            tn = 0,
            fp = 0,
            fn = 0;
        for (int i = 0; i < scores.Count; i++)
        {
            bool predicted = scores[i] >= threshold;
            if (predicted && labels[i])
                tp++;
            else if (predicted)
                fp++;
            else if (labels[i])
                fn++;
            else
                tn++;
        }
        return new BinaryMetrics(
            EstimateAuc(scores, labels, bootstrapReplicates),
            threshold,
            tp,
            fp,
            tn,
            fn,
            isProbability && scores.Count > 0 ? Calibration.Compute(scores, labels) : null
        );
    }

    /// <summary>
    /// DeLong (or bootstrap) AUC; with fewer than two cases of a class, the point estimate without an interval.
    /// </summary>
    public static AucEstimate EstimateAuc(
        IReadOnlyList<double> scores,
        IReadOnlyList<bool> labels,
        int bootstrapReplicates = 0
    )
    {
        int positives = labels.Count(l => l),
            negatives = labels.Count - positives;
        if (positives < 2 || negatives < 2)
        {
            return new AucEstimate(
                RocAuc.Compute(scores, labels),
                double.NaN,
                double.NaN,
                double.NaN,
                "too few cases for an interval"
            );
        }
        return bootstrapReplicates > 0
            ? BootstrapAuc.Estimate(scores, labels, bootstrapReplicates)
            : DeLong.Estimate(scores, labels);
    }
}
