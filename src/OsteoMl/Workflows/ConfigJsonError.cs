using System.Reflection;
using System.Text.Json;
using OsteoMl.Common;

namespace OsteoMl.Workflows;

/// <summary>
/// A pipeline config's JSON error in the user's words: the line, the key as written in the file (dotted path), and
/// what is wrong with it (an unknown key with the nearest valid one, or the kind of value the key takes), never a
/// .NET type name.
/// </summary>
internal static class ConfigJsonError
{
    public static string Describe(JsonException error, Type root, JsonNamingPolicy naming)
    {
        string line = error.LineNumber is { } n ? $"line {n + 1}: " : "";
        if (error.Path is not { Length: > 2 } path || !path.StartsWith("$.", StringComparison.Ordinal))
        {
            return $"{line}not valid JSON ({FirstSentence(error.Message)}).";
        }
        string[] segments = path[2..].Split('[')[0].Split('.');
        Type? parent = root;
        foreach (string segment in segments[..^1])
        {
            parent = Property(parent, segment)?.PropertyType;
        }
        string key = string.Join('.', segments);
        if (error.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return $"{line}unknown key '{key}'.{Suggestion(segments, parent, naming)}";
        }
        string expected = Property(parent, segments[^1]) is { } property
            ? Kind(property.PropertyType)
            : "another value";
        return $"{line}'{key}' must be {expected}.";
    }

    private static PropertyInfo? Property(Type? type, string camelName) =>
        type?.GetProperty(
            camelName.Length == 0 ? camelName : char.ToUpperInvariant(camelName[0]) + camelName[1..],
            BindingFlags.Public | BindingFlags.Instance
        );

    private static string Suggestion(string[] segments, Type? parent, JsonNamingPolicy naming)
    {
        if (parent is null)
        {
            return "";
        }
        string[] valid =
        [
            .. parent
                .GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite)
                .Select(p => naming.ConvertName(p.Name)),
        ];
        string where = segments.Length > 1 ? string.Join('.', segments[..^1]) + "." : "";
        return Spelling.Closest(segments[^1], valid) is { } closest
            ? $" Did you mean '{where}{closest}'?"
            : $" Valid keys here: {string.Join(", ", valid)}.";
    }

    private static string Kind(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(int) || type == typeof(long))
        {
            return "a whole number";
        }
        if (type == typeof(double) || type == typeof(float))
        {
            return "a number";
        }
        if (type == typeof(bool))
        {
            return "true or false";
        }
        if (type == typeof(string))
        {
            return "text in quotes";
        }
        return type.IsGenericType ? "a list [ … ]" : "an object { … }";
    }

    private static string FirstSentence(string message) =>
        message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd('.');
}
