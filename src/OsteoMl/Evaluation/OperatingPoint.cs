using System.Globalization;

namespace OsteoMl.Evaluation;

/// <summary>
/// How a decision threshold is chosen — on validation data, never on the test set: Youden's J (default), or the
/// strictest threshold reaching a target sensitivity or specificity. Parsed from <c>youden</c>,
/// <c>sensitivity=0.90</c> or <c>specificity=0.90</c>.
/// </summary>
public sealed record OperatingPoint(OperatingPointKind Kind, double Target = double.NaN)
{
    public static OperatingPoint Youden { get; } = new(OperatingPointKind.Youden);

    public static bool TryParse(string? text, out OperatingPoint point)
    {
        point = Youden;
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("youden", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        string[] parts = text.Split('=', 2, StringSplitOptions.TrimEntries);
        if (
            parts.Length != 2
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double target)
            || target <= 0
            || target >= 1
        )
        {
            return false;
        }
        OperatingPointKind? kind = parts[0].ToLowerInvariant() switch
        {
            "sensitivity" => OperatingPointKind.Sensitivity,
            "specificity" => OperatingPointKind.Specificity,
            _ => null,
        };
        if (kind is null)
        {
            return false;
        }
        point = new OperatingPoint(kind.Value, target);
        return true;
    }

    /// <summary>The threshold on these (validation) scores; a case is positive when score ≥ threshold.</summary>
    public double ChooseThreshold(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        if (Kind == OperatingPointKind.Youden)
        {
            return ThresholdSelector.Youden(scores, labels);
        }
        // Candidate thresholds: midpoints between distinct scores, plus the ends.
        double[] distinct = [.. scores.Where(double.IsFinite).Distinct().OrderDescending()];
        if (distinct.Length == 0)
        {
            return 0.5;
        }
        var candidates = new List<double> { distinct[0] + 1e-9 };
        for (int i = 0; i + 1 < distinct.Length; i++)
        {
            candidates.Add((distinct[i] + distinct[i + 1]) / 2);
        }
        candidates.Add(distinct[^1]);
        int positives = labels.Count(l => l),
            negatives = labels.Count - positives;
        double Sensitivity(double t) => (double)scores.Where((s, i) => labels[i] && s >= t).Count() / positives;
        double Specificity(double t) => (double)scores.Where((s, i) => !labels[i] && s < t).Count() / negatives;
        // Sensitivity grows as the threshold falls: take the highest threshold that reaches the target.
        // Specificity grows as it rises: take the lowest threshold that reaches the target.
        return Kind == OperatingPointKind.Sensitivity
            ? candidates.First(t => Sensitivity(t) >= Target - 1e-12)
            : candidates.AsEnumerable().Reverse().First(t => Specificity(t) >= Target - 1e-12);
    }

    public override string ToString() =>
        Kind == OperatingPointKind.Youden
            ? "youden"
            : $"{Kind.ToString().ToLowerInvariant()}={Target.ToString("0.###", CultureInfo.InvariantCulture)}";
}
