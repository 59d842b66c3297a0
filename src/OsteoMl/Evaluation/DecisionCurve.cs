namespace OsteoMl.Evaluation;

/// <summary>
/// Decision-curve analysis (Vickers and Elkin, Medical Decision Making 2006): for each threshold probability p_t, the
/// net benefit of referring the patients a model puts at or above p_t,
/// NB = TP/n − FP/n · p_t/(1 − p_t), beside referring everyone (prevalence − (1 − prevalence) · p_t/(1 − p_t)) and
/// referring no one (0). p_t is the risk at which a clinician would refer; p_t/(1 − p_t) is how many false referrals
/// one true referral is worth. Only models whose scores are probabilities are drawn; rows a model cannot score are
/// left out of its curve (so its n can be smaller).
/// </summary>
public sealed record DecisionCurve(
    IReadOnlyList<double> Thresholds,
    IReadOnlyList<double> TreatAll,
    IReadOnlyDictionary<string, double[]> NetBenefit
)
{
    /// <summary>Threshold probabilities 0.01, 0.02, …, 0.99.</summary>
    public static readonly double[] DefaultThresholds = [.. Enumerable.Range(1, 99).Select(i => i / 100.0)];

    public static DecisionCurve Compute(
        IReadOnlyList<ModelScores> models,
        IReadOnlyList<bool> labels,
        IReadOnlyList<double>? thresholds = null
    )
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(labels);
        thresholds ??= DefaultThresholds;
        double prevalence = labels.Count == 0 ? double.NaN : labels.Count(l => l) / (double)labels.Count;
        double[] treatAll = [.. thresholds.Select(t => prevalence - (1 - prevalence) * Odds(t))];
        var curves = models
            .Where(m => m.IsProbability)
            .ToDictionary(m => m.Name, m => thresholds.Select(t => NetBenefitAt(m.Scores, labels, t)).ToArray());
        return new DecisionCurve(thresholds, treatAll, curves);
    }

    /// <summary>TP/n − FP/n · p_t/(1 − p_t) over the rows with a finite score.</summary>
    public static double NetBenefitAt(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, double threshold)
    {
        int n = 0,
            truePositives = 0,
            falsePositives = 0;
        for (int i = 0; i < scores.Count; i++)
        {
            if (!double.IsFinite(scores[i]))
            {
                continue;
            }
            n++;
            if (scores[i] >= threshold)
            {
                if (labels[i])
                {
                    truePositives++;
                }
                else
                {
                    falsePositives++;
                }
            }
        }
        return n == 0 ? double.NaN : (truePositives - falsePositives * Odds(threshold)) / n;
    }

    private static double Odds(double threshold) => threshold / (1 - threshold);
}
