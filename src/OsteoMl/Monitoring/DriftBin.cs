namespace OsteoMl.Monitoring;

/// <summary>
/// One bin of a reference histogram: how many training-time patients fell in it (never fewer than
/// <see cref="DriftHistogram.MinimumCount"/> once a histogram is built). A numeric bin holds the numbers above the
/// previous number bin's <see cref="Upper"/> up to its own (null: no upper limit) and, when <see cref="Missing"/>, the
/// blank cells; a categorical bin holds its <see cref="Values"/> ("" is blank) and, when <see cref="Other"/>, every
/// value the reference never saw.
/// </summary>
public sealed record DriftBin
{
    /// <summary>Numeric bins: the bin's inclusive upper edge (a training quantile); null for the top bin.</summary>
    public double? Upper { get; init; }

    /// <summary>Numeric bins: whether the bin holds numbers at all (false only for a blank-cells-only bin).</summary>
    public bool Numbers { get; init; }

    /// <summary>Numeric bins: whether blank (missing) cells fall in this bin.</summary>
    public bool Missing { get; init; }

    /// <summary>Categorical bins: the values this bin holds.</summary>
    public IReadOnlyList<string>? Values { get; init; }

    /// <summary>Categorical bins: whether values unseen at training fall in this bin.</summary>
    public bool Other { get; init; }

    public required int Count { get; init; }

    /// <summary>The bin holding both (bins are merged only with a neighbour, so the union stays contiguous).</summary>
    internal DriftBin MergedWith(DriftBin next) =>
        new()
        {
            // The higher edge: a missing-only bin has none and joins the first number bin below it.
            Upper = next.Numbers ? next.Upper : Upper,
            Numbers = Numbers || next.Numbers,
            Missing = Missing || next.Missing,
            Values = Values is null && next.Values is null ? null : [.. Values ?? [], .. next.Values ?? []],
            Other = Other || next.Other,
            Count = Count + next.Count,
        };
}
