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
        IReadOnlyDictionary<string, string[]> categorical,
        IReadOnlyDictionary<string, string[]> other
    )
    {
        Source = source;
        PatientIds = patientIds;
        ImagePaths = imagePaths;
        Labels = labels;
        Columns = columns;
        Numeric = numeric;
        Categorical = categorical;
        Other = other;
    }

    /// <summary>
    /// What reading noticed but accepted (e.g. a multi-frame DICOM read at frame 1), for the caller to show.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The CSV the cohort came from.</summary>
    public string Source { get; }

    /// <summary>
    /// The CSV had no id column, so each id is its row number ("row-N"): not a patient key to compare across files.
    /// </summary>
    public bool IdsAreRowNumbers { get; init; }

    public int Count => PatientIds.Count;
    public IReadOnlyList<string> PatientIds { get; }

    /// <summary>Absolute image paths, or null for a tabular-only cohort.</summary>
    public IReadOnlyList<string>? ImagePaths { get; }

    /// <summary>The image column's cells as the CSV gives them (for outputs that the user joins back); null without.</summary>
    public IReadOnlyList<string>? ImageNames { get; init; }

    /// <summary>Labels, or null when the input has none (scoring).</summary>
    public IReadOnlyList<bool>? Labels { get; }

    /// <summary>
    /// Rows whose label cell is empty, allowed only where the label is optional (scoring): their entry in
    /// <see cref="Labels"/> is a placeholder, and they are scored but never counted as labelled.
    /// </summary>
    public IReadOnlySet<int> UnlabelledRows { get; init; } = new HashSet<int>();

    /// <summary>Row <paramref name="row"/>'s label, or null when the cohort or the row has none.</summary>
    public bool? LabelOf(int row) => Labels is null || UnlabelledRows.Contains(row) ? null : Labels[row];

    public IReadOnlyList<ClinicalColumn> Columns { get; }
    internal IReadOnlyDictionary<string, float[]> Numeric { get; }
    internal IReadOnlyDictionary<string, string[]> Categorical { get; }

    /// <summary>Columns that are not features (excluded, or unknown to a model), as raw text.</summary>
    internal IReadOnlyDictionary<string, string[]> Other { get; }

    /// <summary>
    /// Any column except id, image and label as numbers (NaN for missing or non-numeric; yes/no as 1/0),
    /// found by case-insensitive name; null when absent. For evaluation (baselines, subgroups), not training.
    /// </summary>
    public float[]? NumberColumn(string name)
    {
        if (Find(Numeric, name) is { } numbers)
        {
            return numbers;
        }
        var text = Find(Categorical, name) ?? Find(Other, name);
        return text?.Select(t => CohortReader.TryParseNumber(t, out float v) ? v : float.NaN).ToArray();
    }

    /// <summary>Any column except id, image and label as text ("" for missing); null when absent.</summary>
    public string[]? TextColumn(string name)
    {
        if ((Find(Categorical, name) ?? Find(Other, name)) is { } text)
        {
            return text;
        }
        return Find(Numeric, name)
            ?.Select(v => float.IsNaN(v) ? "" : v.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
    }

    private static T? Find<T>(IReadOnlyDictionary<string, T> columns, string name)
        where T : class =>
        columns.FirstOrDefault(kv => string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public int PatientCount => PatientIds.Distinct(StringComparer.Ordinal).Count();

    /// <summary>
    /// Rows built in code rather than read from a CSV (films scored from their DICOM header): each row's clinical values
    /// as text by column name, parsed as <paramref name="columns"/> types them (invariant numbers; missing or
    /// unparsable → NaN or ""). No labels.
    /// </summary>
    /// <param name="imagePaths">Each row's film (a PNG ImageAnalytics can read); null for a tabular model.</param>
    public static Cohort FromValues(
        string source,
        IReadOnlyList<string> ids,
        IReadOnlyList<string>? imagePaths,
        IReadOnlyDictionary<string, ColumnKind> columns,
        IReadOnlyList<IReadOnlyDictionary<string, string>> values
    )
    {
        var numeric = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var categorical = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var described = new List<ClinicalColumn>();
        foreach (var (name, kind) in columns)
        {
            string?[] cells = [.. values.Select(row => row.GetValueOrDefault(name))];
            described.Add(new ClinicalColumn(name, kind, cells.Count(string.IsNullOrEmpty)));
            if (kind == ColumnKind.Categorical)
            {
                categorical[name] = [.. cells.Select(c => c ?? "")];
                continue;
            }
            numeric[name] =
            [
                .. cells.Select(c =>
                    float.TryParse(
                        c,
                        System.Globalization.NumberStyles.Float,
                        System.Globalization.CultureInfo.InvariantCulture,
                        out float v
                    )
                        ? v
                        : float.NaN
                ),
            ];
        }
        return new Cohort(
            source,
            ids,
            imagePaths,
            null,
            described,
            numeric,
            categorical,
            new Dictionary<string, string[]>()
        );
    }

    /// <summary>The same rows with other image files (same count), e.g. occluded copies of the films.</summary>
    public Cohort WithImagePaths(IReadOnlyList<string> imagePaths)
    {
        ArgumentNullException.ThrowIfNull(imagePaths);
        if (imagePaths.Count != Count)
        {
            throw new ArgumentException($"expected {Count} image paths, got {imagePaths.Count}.", nameof(imagePaths));
        }
        return new Cohort(Source, PatientIds, [.. imagePaths], Labels, Columns, Numeric, Categorical, Other)
        {
            IdsAreRowNumbers = IdsAreRowNumbers,
        };
    }

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
            Categorical.ToDictionary(kv => kv.Key, kv => Pick(kv.Value)),
            Other.ToDictionary(kv => kv.Key, kv => Pick(kv.Value))
        )
        {
            ImageNames = ImageNames is null ? null : Pick(ImageNames),
            IdsAreRowNumbers = IdsAreRowNumbers,
            UnlabelledRows = indices
                .Select((row, k) => (row, k))
                .Where(x => UnlabelledRows.Contains(x.row))
                .Select(x => x.k)
                .ToHashSet(),
        };
    }
}
