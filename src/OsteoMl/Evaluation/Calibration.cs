namespace OsteoMl.Evaluation;

/// <summary>
/// How well probabilities match outcome rates: Brier score; calibration intercept (calibration-in-the-large,
/// logit(p) as offset, ideal 0) and slope (logistic regression of the outcome on logit(p), ideal 1), as in
/// Van Calster et al. 2019; expected calibration error over ten equal-width bins; the reliability curve.
/// </summary>
public sealed record Calibration(
    double Brier,
    double Intercept,
    double Slope,
    double ExpectedCalibrationError,
    IReadOnlyList<ReliabilityBin> Bins
)
{
    public const int BinCount = 10;

    public static Calibration Compute(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        if (probabilities.Count != labels.Count || probabilities.Count == 0)
        {
            throw new ArgumentException("Calibration needs equally many probabilities and labels (at least one).");
        }
        double brier = probabilities.Select((p, i) => Math.Pow(p - (labels[i] ? 1 : 0), 2)).Average();
        double[] logits = probabilities.Select(LogisticFit.Logit).ToArray();
        var (intercept, _) = LogisticFit.Fit(logits, labels, fixSlope: 0, offset: logits);
        var (_, slope) = LogisticFit.Fit(logits, labels);

        var bins = new List<ReliabilityBin>();
        double ece = 0;
        for (int b = 0; b < BinCount; b++)
        {
            double lower = (double)b / BinCount,
                upper = (double)(b + 1) / BinCount;
            int[] members = Enumerable
                .Range(0, probabilities.Count)
                .Where(i =>
                    probabilities[i] >= lower
                    && (probabilities[i] < upper || (b == BinCount - 1 && probabilities[i] <= 1))
                )
                .ToArray();
            if (members.Length == 0)
            {
                continue;
            }
            double meanPredicted = members.Average(i => probabilities[i]);
            double observed = members.Average(i => labels[i] ? 1.0 : 0.0);
            bins.Add(new ReliabilityBin(lower, upper, members.Length, meanPredicted, observed));
            ece += (double)members.Length / probabilities.Count * Math.Abs(meanPredicted - observed);
        }
        return new Calibration(brier, intercept, slope, ece, bins);
    }
}
