namespace OsteoMl.Data;

/// <summary>
/// One clinical feature column: its CSV name, detected kind, how many values are missing and how many
/// distinct values are present (used to choose one-hot or hashing for categoricals).
/// </summary>
public sealed record ClinicalColumn(string Name, ColumnKind Kind, int MissingCount, int DistinctCount = 0);
