namespace OsteoMl.Model;

/// <summary>
/// One categorical column's values that the model never saw at training, with how many rows carry each. The
/// encoder gives such a value no category at all, so the row is scored as if the column said nothing.
/// </summary>
public sealed record UnseenCategory(string Column, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<string> Known)
{
    public int Rows => Counts.Values.Sum();

    /// <summary>e.g. <c>column 'sex': 12 rows with values training never saw ('female' ×6, 'male' ×6; …)</c>.</summary>
    public string Describe()
    {
        const int Shown = 5;
        string values = string.Join(
            ", ",
            Counts
                .OrderByDescending(kv => kv.Value)
                .ThenBy(kv => kv.Key, StringComparer.Ordinal)
                .Take(Shown)
                .Select(kv => $"'{kv.Key}' ×{kv.Value}")
        );
        string more = Counts.Count > Shown ? $" and {Counts.Count - Shown} more" : "";
        string known = string.Join(", ", Known.Take(Shown).Select(k => $"'{k}'")) + (Known.Count > Shown ? ", …" : "");
        return $"column '{Column}': {Rows} row{(Rows == 1 ? "" : "s")} with values training never saw ({values}{more}; "
            + $"training saw {known}); they are scored as if the column were blank.";
    }
}
