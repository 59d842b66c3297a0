namespace OsteoMl.Data;

/// <summary>One clinical feature column: its CSV name, detected kind and how many values are missing.</summary>
public sealed record ClinicalColumn(string Name, ColumnKind Kind, int MissingCount);
