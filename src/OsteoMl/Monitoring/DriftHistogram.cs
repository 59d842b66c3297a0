using System.Globalization;
using OsteoMl.Data;

namespace OsteoMl.Monitoring;

/// <summary>
/// A reference distribution of one monitored quantity (a clinical input, or a score such as p_fused): bins and the
/// training-time patient count in each. Numeric quantities are cut at their deciles, categorical ones get a bin per
/// value; then any bin under <see cref="MinimumCount"/> patients is merged with its smaller neighbour, so that no
/// bin describes fewer than five patients and an empty bin cannot make the PSI infinite.
/// </summary>
public sealed record DriftHistogram
{
    /// <summary>The fewest patients a stored bin may describe.</summary>
    public const int MinimumCount = 5;

    /// <summary>Deciles: ten bins when the values allow (ties and small samples give fewer).</summary>
    internal const int TargetBins = 10;

    public required string Name { get; init; }
    public required ColumnKind Kind { get; init; }
    public required IReadOnlyList<DriftBin> Bins { get; init; }

    /// <summary>Patients counted in the reference.</summary>
    public int Total => Bins.Sum(b => b.Count);

    /// <summary>Decile bins of <paramref name="values"/> (NaN is missing), small bins merged.</summary>
    public static DriftHistogram Numeric(string name, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double[] sorted = [.. values.Where(v => !double.IsNaN(v)).Order()];
        var edges = new SortedSet<double>();
        for (int q = 1; q < TargetBins && sorted.Length > 0; q++)
        {
            double edge = sorted[(int)Math.Ceiling(q * sorted.Length / (double)TargetBins) - 1];
            if (edge < sorted[^1])
            {
                edges.Add(edge);
            }
        }
        // A blank-only bin first, so that merging folds it into the lowest number bin (its only neighbour).
        var bins = new List<DriftBin>
        {
            new() { Missing = true, Count = values.Count(double.IsNaN) },
        };
        double? lower = null;
        foreach (double? upper in edges.Select(e => (double?)e).Append(null))
        {
            int count = sorted.Count(v => (lower is null || v > lower) && (upper is null || v <= upper));
            bins.Add(
                new DriftBin
                {
                    Upper = upper,
                    Numbers = true,
                    Count = count,
                }
            );
            lower = upper;
        }
        return new DriftHistogram
        {
            Name = name,
            Kind = ColumnKind.Numeric,
            Bins = MergeSmall(bins),
        };
    }

    /// <summary>One bin per value ("" is missing), most frequent first, then an empty bin for unseen values; merged.</summary>
    public static DriftHistogram Categorical(string name, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var bins = values
            .GroupBy(v => v, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new DriftBin { Values = [g.Key], Count = g.Count() })
            .Append(
                new DriftBin
                {
                    Values = [],
                    Other = true,
                    Count = 0,
                }
            )
            .ToList();
        return new DriftHistogram
        {
            Name = name,
            Kind = ColumnKind.Categorical,
            Bins = MergeSmall(bins),
        };
    }

    /// <summary>
    /// Merges the smallest bin under <see cref="MinimumCount"/> with its smaller neighbour until none is left (or one
    /// bin remains).
    /// </summary>
    internal static IReadOnlyList<DriftBin> MergeSmall(List<DriftBin> bins)
    {
        while (bins.Count > 1 && bins.Min(b => b.Count) < MinimumCount)
        {
            int smallest = bins.FindIndex(b => b.Count == bins.Min(x => x.Count));
            int neighbour =
                smallest == 0 ? 1
                : smallest == bins.Count - 1 ? smallest - 1
                : bins[smallest - 1].Count <= bins[smallest + 1].Count ? smallest - 1
                : smallest + 1;
            int first = Math.Min(smallest, neighbour);
            bins[first] = bins[first].MergedWith(bins[first + 1]);
            bins.RemoveAt(first + 1);
        }
        return bins;
    }

    /// <summary>The bin a cell falls in: text as a CSV gives it ("" or null is missing; numbers invariant).</summary>
    public int BinOf(string? cell)
    {
        string text = cell?.Trim() ?? "";
        if (Kind == ColumnKind.Categorical)
        {
            int index = IndexWhere(b => b.Values?.Contains(text, StringComparer.Ordinal) == true);
            return index >= 0 ? index : IndexWhere(b => b.Other);
        }
        return BinOf(
            text.Length > 0 && CohortReader.TryParseNumber(text, out float value) ? (double)value : double.NaN
        );
    }

    /// <summary>The numeric bin of <paramref name="value"/> (NaN is missing).</summary>
    public int BinOf(double value)
    {
        if (Kind == ColumnKind.Categorical)
        {
            return BinOf(double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture));
        }
        if (double.IsNaN(value))
        {
            return IndexWhere(b => b.Missing);
        }
        int index = IndexWhere(b => b.Numbers && (b.Upper is null || value <= b.Upper));
        // Only a histogram of all-blank reference values has no number bin: such a column holds no information.
        return index >= 0 ? index : Bins.Count - 1;
    }

    private int IndexWhere(Func<DriftBin, bool> predicate)
    {
        for (int i = 0; i < Bins.Count; i++)
        {
            if (predicate(Bins[i]))
            {
                return i;
            }
        }
        return -1;
    }
}
