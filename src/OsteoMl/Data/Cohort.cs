namespace OsteoMl.Data;

/// <summary>
/// A validated cohort in columnar form: one entry per CSV row (one radiograph). Rows that share a patient id
/// belong to one patient. Numeric and boolean features are floats with NaN for missing; categorical features
/// are strings with "" for missing.
/// </summary>
public sealed class Cohort
{
    internal Cohort(
        string source,
        IReadOnlyList<string> patientIds,
        IReadOnlyList<string>? imagePaths,
        IReadOnlyList<bool>? labels,
        IReadOnlyList<ClinicalColumn> columns,
        IReadOnlyDictionary<string, float[]> numeric,
        IReadOnlyDictionary<string, string[]> categorical)
    {
        Source = source;
        PatientIds = patientIds;
        ImagePaths = imagePaths;
        Labels = labels;
        Columns = columns;
        Numeric = numeric;
        Categorical = categorical;
    }

    /// <summary>The CSV the cohort came from.</summary>
    public string Source { get; }

    public int Count => PatientIds.Count;
    public IReadOnlyList<string> PatientIds { get; }

    /// <summary>Absolute image paths, or null for a tabular-only cohort.</summary>
    public IReadOnlyList<string>? ImagePaths { get; }

    /// <summary>Labels, or null when the input has none (scoring).</summary>
    public IReadOnlyList<bool>? Labels { get; }

    public IReadOnlyList<ClinicalColumn> Columns { get; }
    internal IReadOnlyDictionary<string, float[]> Numeric { get; }
    internal IReadOnlyDictionary<string, string[]> Categorical { get; }

    public int PatientCount => PatientIds.Distinct(StringComparer.Ordinal).Count();

    /// <summary>The rows at <paramref name="indices"/>, in that order.</summary>
    public Cohort Subset(IReadOnlyList<int> indices)
    {
        T[] Pick<T>(IReadOnlyList<T> source) => indices.Select(i => source[i]).ToArray();
        return new Cohort(
            Source,
            Pick(PatientIds),
            ImagePaths is null ? null : Pick(ImagePaths),
            Labels is null ? null : Pick(Labels),
            Columns,
            Numeric.ToDictionary(kv => kv.Key, kv => Pick(kv.Value)),
            Categorical.ToDictionary(kv => kv.Key, kv => Pick(kv.Value)));
    }
}
