namespace OsteoMl.Common;

/// <summary>
/// Input the user can fix: a bad CSV, image, option, config, model file or output path. Carries the file, the
/// 1-based line and the column where there is one, so that the message points at the cell. The CLI maps every
/// subtype to exit code 2; anything else that escapes is a bug (exit code 1).
/// </summary>
public class UserInputException(string message, string? file = null, int? line = null, string? column = null)
    : Exception(Compose(message, file, line, column))
{
    public string? File { get; } = file;
    public int? Line { get; } = line;
    public string? Column { get; } = column;

    private static string Compose(string message, string? file, int? line, string? column)
    {
        var where = new List<string>();
        if (file is not null)
            where.Add(file);
        if (line is not null)
            where.Add($"line {line}");
        if (column is not null)
            where.Add($"column '{column}'");
        return where.Count == 0 ? message : $"{string.Join(", ", where)}: {message}";
    }
}
