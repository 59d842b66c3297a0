using System.Globalization;
using OsteoMl.Data;
using OsteoMl.Dicom;

namespace OsteoMl.Screening;

/// <summary>
/// The model features a DICOM header carries: the patient's age in completed years and sex (M/F), under the column
/// names OsteoMl's cohorts use (<see cref="AgeColumn"/>, <see cref="SexColumn"/>). A model trained on other names
/// simply gets nothing from the header.
/// </summary>
public static class HeaderDemographics
{
    public const string AgeColumn = "age";
    public const string SexColumn = "sex";

    /// <summary>The header's values for whichever of the two columns <paramref name="expected"/> has.</summary>
    public static IReadOnlyDictionary<string, string> Values(
        FilmHeader header,
        IReadOnlyDictionary<string, ColumnKind> expected
    )
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(expected);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (expected.ContainsKey(AgeColumn) && header.AgeYears is { } age)
        {
            values[AgeColumn] = age.ToString(CultureInfo.InvariantCulture);
        }
        if (expected.ContainsKey(SexColumn) && header.Sex is { } sex)
        {
            values[SexColumn] = sex;
        }
        return values;
    }

    /// <summary>
    /// Where a CSV's value and the header's disagree (age by more than a year, sex at all): one warning per column,
    /// naming the film, never the values' owner.
    /// </summary>
    public static IEnumerable<string> Disagreements(
        string film,
        IReadOnlyDictionary<string, string> fromHeader,
        IReadOnlyDictionary<string, string> fromCsv
    )
    {
        foreach (var (column, value) in fromHeader)
        {
            if (!fromCsv.TryGetValue(column, out string? given) || string.IsNullOrEmpty(given))
            {
                continue;
            }
            bool same =
                column == AgeColumn
                    ? double.TryParse(given, NumberStyles.Float, CultureInfo.InvariantCulture, out double csvAge)
                        && Math.Abs(csvAge - double.Parse(value, CultureInfo.InvariantCulture)) <= 1
                    : string.Equals(given, value, StringComparison.OrdinalIgnoreCase);
            if (!same)
            {
                yield return $"{film}: the CSV's {column} disagrees with the DICOM header's; the CSV's value is used.";
            }
        }
    }
}
