namespace OsteoMl.Data;

/// <summary>
/// A de-identified description of a cohort for reports: file name, counts, prevalence, whether it says it is
/// synthetic, and each clinical column's kind and missing fraction.
/// </summary>
public sealed record CohortSummary(
    string FileName,
    int Rows,
    int Patients,
    int Positives,
    bool Synthetic,
    IReadOnlyList<(string Column, string Kind, double MissingFraction)> Columns
)
{
    public static CohortSummary Of(Cohort cohort)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        string folder = Path.GetDirectoryName(cohort.Source) ?? ".";
        // The simulator labels its output: a README saying SYNTHETIC next to the CSV, and SYN- patient ids.
        bool synthetic =
            (
                File.Exists(Path.Combine(folder, "README.md"))
                && File.ReadAllText(Path.Combine(folder, "README.md")).Contains("SYNTHETIC", StringComparison.Ordinal)
            ) || cohort.PatientIds.All(id => id.StartsWith("SYN-", StringComparison.Ordinal));
        return new CohortSummary(
            Path.GetFileName(cohort.Source),
            cohort.Count,
            cohort.PatientCount,
            cohort.Labels?.Count(l => l) ?? 0,
            synthetic,
            cohort
                .Columns.Select(c =>
                    (
                        c.Name,
                        c.Kind.ToString().ToLowerInvariant(),
                        cohort.Count == 0 ? 0 : (double)c.MissingCount / cohort.Count
                    )
                )
                .ToArray()
        );
    }
}
