using OsteoMl.Evaluation;

namespace OsteoMl.Fusion;

/// <summary>
/// The logistic recalibration σ(a + b · logit p) of the fused probability, fitted on the fused out-of-fold
/// predictions of the training rows (the fusion rule applied to the branches' out-of-fold outputs; never the
/// validation or test rows), with the calibration of those predictions before and after it.
/// </summary>
/// <param name="Map">The saved map (a, b).</param>
/// <param name="Before">Calibration of the out-of-fold fused probabilities as the rule gives them.</param>
/// <param name="After">The same rows after the map (in-sample for its two parameters).</param>
public sealed record FusedCalibration(LogisticRecalibration Map, Calibration Before, Calibration After)
{
    /// <summary>
    /// Fits the map on the rule's fused out-of-fold probabilities. The rule's own parameters were fitted on these rows
    /// too (at most one weight per branch and a bias), so the map adds two parameters to a handful: its optimism on
    /// a few hundred rows is small next to the slope it corrects (3.28 → within 0.8–1.25 on every benchmark cohort,
    /// bench/results/calibration.md).
    /// </summary>
    internal static FusedCalibration Fit(MetaModel rule, IReadOnlyList<double[]> logits, IReadOnlyList<bool> labels)
    {
        double[] fused = [.. Enumerable.Range(0, labels.Count).Select(i => rule.Predict(logits, i))];
        var map = LogisticRecalibration.Fit(fused, labels);
        if (!(map.Slope > 0) || !double.IsFinite(map.Intercept))
        {
            // A slope of 0 or less would flatten or reverse the ranking the fusion search chose: keep the rule as is.
            map = new LogisticRecalibration(0, 1);
        }
        double[] calibrated = [.. fused.Select(map.Apply)];
        return new FusedCalibration(map, Calibration.Compute(fused, labels), Calibration.Compute(calibrated, labels));
    }
}
