using System.Text.RegularExpressions;

namespace OsteoMl.Data;

/// <summary>
/// Reads numbers written with a decimal comma (<c>154,4</c>, as spreadsheets in much of Europe export them, usually
/// with <c>;</c> between fields) as the numbers they are, instead of typing those columns as categories. A file is read
/// as decimal-comma when some cell is a decimal-comma number and no cell is a decimal-point number; a file with both
/// is refused, naming the first cell that disagrees, because "1,500" could then mean either.
/// </summary>
internal static partial class DecimalComma
{
    [GeneratedRegex(@"^[+-]?\d+,\d+$")]
    private static partial Regex CommaNumber();

    [GeneratedRegex(@"^[+-]?(\d+\.\d*|\.\d+)([eE][+-]?\d+)?$")]
    private static partial Regex PointNumber();

    /// <summary>
    /// The rows with decimal-comma cells rewritten with a point (other cells unchanged) and a warning saying so; the
    /// rows themselves when the file has no decimal-comma number. Columns in <paramref name="skip"/> (id, image path)
    /// are left alone.
    /// </summary>
    public static List<(int Line, string[] Fields)> Normalise(
        string[] header,
        List<(int Line, string[] Fields)> rows,
        ISet<int> skip,
        string fileName,
        List<string> warnings
    )
    {
        (int Row, int Column)? firstComma = null,
            firstPoint = null;
        for (int r = 0; r < rows.Count && (firstComma is null || firstPoint is null); r++)
        {
            for (int c = 0; c < header.Length; c++)
            {
                if (skip.Contains(c))
                {
                    continue;
                }
                string cell = rows[r].Fields[c].Trim();
                if (firstComma is null && CommaNumber().IsMatch(cell))
                {
                    firstComma = (r, c);
                }
                else if (firstPoint is null && PointNumber().IsMatch(cell))
                {
                    firstPoint = (r, c);
                }
            }
        }
        if (firstComma is not { } comma)
        {
            return rows;
        }
        if (firstPoint is { } point)
        {
            throw new CohortFormatException(
                $"'{rows[comma.Row].Fields[comma.Column].Trim()}' has a decimal comma, but line {rows[point.Row].Line} "
                    + $"(column '{header[point.Column]}') has a decimal point ('{rows[point.Row].Fields[point.Column].Trim()}'); "
                    + "write every number with the same decimal separator.",
                fileName,
                rows[comma.Row].Line,
                header[comma.Column]
            );
        }
        warnings.Add(
            $"{fileName}: numbers are read with ',' as the decimal separator (e.g. "
                + $"'{rows[comma.Row].Fields[comma.Column].Trim()}' in column '{header[comma.Column]}', line "
                + $"{rows[comma.Row].Line})."
        );
        return
        [
            .. rows.Select(row =>
                (
                    row.Line,
                    row.Fields.Select(
                            (cell, c) =>
                                !skip.Contains(c) && CommaNumber().IsMatch(cell.Trim())
                                    ? cell.Trim().Replace(',', '.')
                                    : cell
                        )
                        .ToArray()
                )
            ),
        ];
    }
}
