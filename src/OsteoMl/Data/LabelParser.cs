namespace OsteoMl.Data;

/// <summary>Parses binary labels written the ways clinical tables write them.</summary>
public static class LabelParser
{
    private static readonly HashSet<string> Positive = new(StringComparer.OrdinalIgnoreCase)
    {
        "1",
        "yes",
        "y",
        "true",
        "pos",
        "positive",
    };
    private static readonly HashSet<string> Negative = new(StringComparer.OrdinalIgnoreCase)
    {
        "0",
        "no",
        "n",
        "false",
        "neg",
        "negative",
    };

    /// <summary>The WHO threshold: osteoporosis when T-score ≤ −2.5.</summary>
    public const double OsteoporosisTScore = -2.5;

    public static bool TryParse(string text, out bool label)
    {
        string value = text.Trim();
        label = Positive.Contains(value);
        return label || Negative.Contains(value);
    }

    public static bool IsBooleanToken(string text) => TryParse(text, out _);
}
