using System.Globalization;

namespace OsteoMl.Data;

/// <summary>
/// Rows that share a patient id are films of one patient, so their label and clinical values must agree: a model
/// trained or evaluated on a patient who is both positive and negative, or both 62 and 63 years old, would be
/// measuring the spreadsheet, not the patient.
/// </summary>
internal static class PatientRows
{
    /// <summary>Refuses the first disagreement, naming both lines and the column (never the patient id).</summary>
    public static void CheckAgree(
        IReadOnlyList<string> ids,
        List<(int Line, string[] Fields)> rows,
        string[] header,
        IReadOnlyList<int> columns,
        Func<string, bool> isMissing,
        string fileName
    )
    {
        var firstRow = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int r = 0; r < rows.Count; r++)
        {
            if (firstRow.TryAdd(ids[r], r))
            {
                continue;
            }
            int f = firstRow[ids[r]];
            foreach (int c in columns)
            {
                string a = rows[f].Fields[c].Trim(),
                    b = rows[r].Fields[c].Trim();
                if (!Same(a, b, isMissing))
                {
                    throw new CohortFormatException(
                        $"lines {rows[f].Line} and {rows[r].Line} share a patient id but differ here "
                            + $"('{a}' vs '{b}'); a patient's label and clinical values must be the same on every "
                            + "film.",
                        fileName,
                        rows[r].Line,
                        header[c]
                    );
                }
            }
        }
    }

    private static bool Same(string a, string b, Func<string, bool> isMissing) =>
        string.Equals(a, b, StringComparison.Ordinal)
        || (isMissing(a) && isMissing(b))
        || (
            double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out double x)
            && double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out double y)
            && x == y
        );
}
