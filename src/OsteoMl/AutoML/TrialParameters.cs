using System.Globalization;

namespace OsteoMl.AutoML;

/// <summary>One point of the search space: a trainer and its hyperparameter values. Immutable.</summary>
public sealed record TrialParameters(string Trainer, IReadOnlyDictionary<string, double> Values)
{
    public double this[string name] => Values[name];

    public int Int(string name) => (int)Math.Round(Values[name]);

    /// <summary>A short, stable text form, e.g. <c>FastTree(leaves=8, trees=40, lr=0.1)</c>.</summary>
    public override string ToString()
    {
        var values = Values.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={Format(kv.Value)}");
        return $"{Trainer}({string.Join(", ", values)})";
    }

    public bool Equals(TrialParameters? other) =>
        other is not null
        && Trainer == other.Trainer
        && Values.Count == other.Values.Count
        && Values.All(kv => other.Values.TryGetValue(kv.Key, out double v) && v.Equals(kv.Value));

    public override int GetHashCode() => HashCode.Combine(Trainer, Values.Count);

    /// <summary>
    /// A value as written in tables and logs: integers without decimals, others to 4 significant digits.
    /// </summary>
    public static string Format(double value) =>
        Math.Abs(value - Math.Round(value)) < 1e-12 && Math.Abs(value) < 1e9
            ? ((long)Math.Round(value)).ToString(CultureInfo.InvariantCulture)
            : value.ToString("G4", CultureInfo.InvariantCulture);
}
