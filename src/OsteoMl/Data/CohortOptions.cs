namespace OsteoMl.Data;

/// <summary>The data contract's knobs: which columns are label, image and patient id, and what to leave out.</summary>
public sealed record CohortOptions
{
    public string LabelColumn { get; init; } = "osteoporosis";

    /// <summary>
    /// When set, the label is derived as T-score ≤ −2.5 from this column (and the column is not a feature).
    /// </summary>
    public string? LabelFromTScoreColumn { get; init; }

    public string ImageColumn { get; init; } = "image";
    public string IdColumn { get; init; } = "patient_id";

    /// <summary>
    /// True for a plain table whose user named no id column: when absent, every row is its own patient.
    /// </summary>
    public bool IdColumnOptional { get; init; }
    public bool AllowAbsolutePaths { get; init; }

    /// <summary>Columns that are not features (e.g. the DXA T-score the label comes from).</summary>
    public IReadOnlyList<string> ExcludeColumns { get; init; } = [];

    /// <summary>
    /// When set, the only clinical feature columns (the others are kept as non-features); each must be in the file.
    /// For models that must run on what a DICOM header carries (pipelines/image-age-sex.json: age and sex).
    /// </summary>
    public IReadOnlyList<string>? IncludeColumns { get; init; }

    /// <summary>False for scoring: the label column may be absent.</summary>
    public bool RequireLabel { get; init; } = true;

    /// <summary>
    /// For scoring with a trained model: exactly these clinical columns, typed as the model expects
    /// (Numeric or Categorical); other columns are ignored and a missing one is an error.
    /// </summary>
    public IReadOnlyDictionary<string, ColumnKind>? ExpectedColumns { get; init; }

    /// <summary>Accept feature columns whose names look like patient identifiers (refused by default).</summary>
    public bool AllowIdentifierColumns { get; init; }

    /// <summary>False for tabular-only data: no image column is needed.</summary>
    public bool RequireImages { get; init; } = true;
}
