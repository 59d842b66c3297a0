using System.Text;

namespace OsteoMl.Consumer;

/// <summary>C# identifiers and literals made from column names and paths, for the generated code.</summary>
internal static class CSharpNames
{
    /// <summary>PascalCase from a column name ("height_cm" → "HeightCm"); "C" first when it would start with a digit.</summary>
    public static string Pascal(string name)
    {
        var identifier = new StringBuilder();
        foreach (string word in name.Split(c => !char.IsLetterOrDigit(c)))
        {
            identifier.Append(char.ToUpperInvariant(word[0])).Append(word.AsSpan(1));
        }
        if (identifier.Length == 0 || char.IsDigit(identifier[0]))
        {
            identifier.Insert(0, 'C');
        }
        return identifier.ToString();
    }

    /// <summary>
    /// One distinct property name per column, never the enclosing class's own name (CS0542) nor one of its
    /// <paramref name="members"/> (CS0102: ModelInput's Warnings()).
    /// </summary>
    public static IReadOnlyList<string> Properties(
        IEnumerable<string> columns,
        string className,
        params string[] members
    )
    {
        var taken = new HashSet<string>(StringComparer.Ordinal) { className };
        taken.UnionWith(members);
        var names = new List<string>();
        foreach (string column in columns)
        {
            string name = Pascal(column);
            string unique = name;
            for (int n = 2; !taken.Add(unique); n++)
            {
                unique = name + n;
            }
            names.Add(unique);
        }
        return names;
    }

    /// <summary>A regular C# string literal, quotes included.</summary>
    public static string Literal(string value) =>
        "\""
        + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
        + "\"";

    /// <summary>Text for an XML doc comment.</summary>
    public static string Xml(string value) =>
        value
            .Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    private static string[] Split(this string text, Func<char, bool> separator)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (char c in text)
        {
            if (separator(c))
            {
                Flush();
            }
            else
            {
                word.Append(c);
            }
        }
        Flush();
        return [.. words];

        void Flush()
        {
            if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }
    }
}
