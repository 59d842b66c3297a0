namespace OsteoMl.Data;

/// <summary>
/// Input the user can fix (bad CSV, missing column or image, unusable label). Carries the file, the 1-based
/// CSV line and the column so that the message points at the cell; the CLI maps it to exit code 2.
/// </summary>
public sealed class CohortFormatException(string message, string? file = null, int? line = null, string? column = null)
    : Exception(Compose(message, file, line, column))
{
    public string? File { get; } = file;
    public int? Line { get; } = line;
    public string? Column { get; } = column;

    private static string Compose(string message, string? file, int? line, string? column)
    {
        var where = new List<string>();
        if (file is not null) where.Add(file);
        if (line is not null) where.Add($"line {line}");
        if (column is not null) where.Add($"column '{column}'");
        return where.Count == 0 ? message : $"{string.Join(", ", where)}: {message}";
    }
}
