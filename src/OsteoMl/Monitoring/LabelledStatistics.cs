using OsteoMl.Evaluation;

namespace OsteoMl.Monitoring;

/// <summary>
/// Discrimination and calibration where labels exist: <see cref="DeLong"/>'s AUC interval and
/// <see cref="Calibration"/>'s intercept and slope, with percentile intervals from a seeded bootstrap of the rows
/// (the same logistic fits on each resample).
/// </summary>
internal static class LabelledStatistics
{
    private const int Replicates = 500;

    public static LabelledDrift? Compute(
        (double Probability, bool Label)[] rows,
        double? referenceAuc,
        DriftThresholds thresholds
    )
    {
        double[] p = [.. rows.Select(r => r.Probability)];
        bool[] y = [.. rows.Select(r => r.Label)];
        int positives = y.Count(l => l);
        if (positives < thresholds.MinimumPerClass || y.Length - positives < thresholds.MinimumPerClass)
        {
            return null;
        }
        var calibration = Calibration.Compute(p, y);
        var (intercepts, slopes) = Bootstrap(p, y);
        return new LabelledDrift
        {
            Rows = y.Length,
            Positives = positives,
            Auc = DeLong.Estimate(p, y),
            ReferenceAuc = referenceAuc,
            CalibrationIntercept = Interval(calibration.Intercept, intercepts),
            CalibrationSlope = Interval(calibration.Slope, slopes),
        };
    }

    private static (double[] Intercepts, double[] Slopes) Bootstrap(double[] p, bool[] y)
    {
        var random = new Random(1);
        var intercepts = new List<double>(Replicates);
        var slopes = new List<double>(Replicates);
        double[] logits = [.. p.Select(LogisticFit.Logit)];
        var sampleLogits = new double[p.Length];
        var sampleLabels = new bool[p.Length];
        for (int r = 0; r < Replicates; r++)
        {
            for (int i = 0; i < p.Length; i++)
            {
                int pick = random.Next(p.Length);
                sampleLogits[i] = logits[pick];
                sampleLabels[i] = y[pick];
            }
            if (sampleLabels.All(l => l) || !sampleLabels.Any(l => l))
            {
                continue; // one class only: no fit exists
            }
            intercepts.Add(LogisticFit.Fit(sampleLogits, sampleLabels, fixSlope: 0, offset: sampleLogits).Intercept);
            slopes.Add(LogisticFit.Fit(sampleLogits, sampleLabels).Slope);
        }
        return ([.. intercepts.Order()], [.. slopes.Order()]);
    }

    private static ConfidenceInterval Interval(double value, double[] sorted) =>
        new(value, BootstrapAuc.Quantile(sorted, 0.025), BootstrapAuc.Quantile(sorted, 0.975));
}
