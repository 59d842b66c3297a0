namespace OsteoMl.Evaluation;

/// <summary>
/// A probability recalibration fitted on validation data and applied to new scores: Platt scaling
/// (σ(a + b·logit p)) or isotonic regression (pool-adjacent-violators, piecewise-constant, ties pooled).
/// </summary>
public sealed class Recalibrator
{
    private readonly Func<double, double> _map;

    private Recalibrator(string method, Func<double, double> map)
    {
        Method = method;
        _map = map;
    }

    public string Method { get; }

    public double Apply(double probability) => _map(probability);

    /// <summary>
    /// <c>none</c> (or null) → no recalibration; <c>platt</c> / <c>isotonic</c>; false for anything else.
    /// </summary>
    public static bool TryParseMethod(string? text, out RecalibrationMethod? method)
    {
        method = text?.Trim().ToLowerInvariant() switch
        {
            "platt" => RecalibrationMethod.Platt,
            "isotonic" => RecalibrationMethod.Isotonic,
            _ => null,
        };
        return method is not null || text is null || text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase);
    }

    public static Recalibrator Fit(
        RecalibrationMethod method,
        IReadOnlyList<double> probabilities,
        IReadOnlyList<bool> labels
    ) => method == RecalibrationMethod.Isotonic ? Isotonic(probabilities, labels) : Platt(probabilities, labels);

    public static Recalibrator Platt(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        double[] logits = probabilities.Select(LogisticFit.Logit).ToArray();
        var (a, b) = LogisticFit.Fit(logits, labels);
        return new Recalibrator("platt", p => 1 / (1 + Math.Exp(-(a + b * LogisticFit.Logit(p)))));
    }

    public static Recalibrator Isotonic(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        // Blocks of (max score, summed outcome, weight), merged while a block's mean exceeds its successor's.
        var points = probabilities.Select((p, i) => (P: p, Y: labels[i] ? 1.0 : 0.0)).OrderBy(x => x.P).ToArray();
        var blocks = new List<(double Upper, double Sum, int Count)>();
        foreach (var group in points.GroupBy(x => x.P))
        {
            blocks.Add((group.Key, group.Sum(x => x.Y), group.Count()));
            while (blocks.Count > 1 && blocks[^2].Sum / blocks[^2].Count >= blocks[^1].Sum / blocks[^1].Count)
            {
                var (last, previous) = (blocks[^1], blocks[^2]);
                blocks.RemoveRange(blocks.Count - 2, 2);
                blocks.Add((last.Upper, last.Sum + previous.Sum, last.Count + previous.Count));
            }
        }
        double[] uppers = blocks.Select(b => b.Upper).ToArray();
        double[] values = blocks.Select(b => b.Sum / b.Count).ToArray();
        return new Recalibrator(
            "isotonic",
            p =>
            {
                int index = Array.BinarySearch(uppers, p);
                index = index >= 0 ? index : Math.Min(~index, uppers.Length - 1);
                return values[index];
            }
        );
    }
}
