using System.Globalization;
using Spectre.Console;

namespace OsteoMl.Cli;

/// <summary>Console helpers for messages too long for one source line.</summary>
internal static class ConsoleExtensions
{
    /// <summary>
    /// One markup line from several interpolated parts; as with <c>MarkupLineInterpolated</c>, the values are escaped
    /// and the literal text keeps its markup.
    /// </summary>
    public static void MarkupParts(this IAnsiConsole console, params FormattableString[] parts) =>
        console.MarkupLine(string.Concat(parts.Select(part => part.ToString(EscapingFormatter.Instance))));

    private sealed class EscapingFormatter : IFormatProvider, ICustomFormatter
    {
        public static readonly EscapingFormatter Instance = new();

        public object? GetFormat(Type? formatType) => formatType == typeof(ICustomFormatter) ? this : null;

        public string Format(string? format, object? arg, IFormatProvider? formatProvider) =>
            Markup.Escape(
                arg is IFormattable formattable
                    ? formattable.ToString(format, CultureInfo.CurrentCulture)
                    : arg?.ToString() ?? ""
            );
    }
}
