namespace OsteoMl.Model;

/// <summary>
/// One column of a zip's contract with a consumer app: its name, its ML.NET type, what it holds, how a missing value
/// is written, and (for a categorical input) the values the model saw at training.
/// </summary>
public sealed record SchemaColumn(
    string Name,
    string Type,
    string Meaning,
    string Missing,
    IReadOnlyList<string>? Categories = null
);
