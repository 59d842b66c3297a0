using System.Text.Json;

namespace OsteoMl.Workflows;

/// <summary>
/// One public table of the holdout benchmark: its CSV (relative to the list's folder), label column, and whether
/// feature names that look like identifiers (spam's "address" word frequency) are accepted.
/// </summary>
public sealed record BenchmarkTable(string File, string Label, bool AllowIdentifierColumns = false)
{
    /// <summary>Reads a JSON list of tables, e.g. bench/data/tables.json; paths become absolute.</summary>
    public static IReadOnlyList<BenchmarkTable> ReadList(string path)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        try
        {
            var tables = JsonSerializer.Deserialize<BenchmarkTable[]>(System.IO.File.ReadAllText(path), WebJson);
            if (tables is not { Length: > 0 })
            {
                throw new PipelineConfigException("the table list is empty.", path);
            }
            return [.. tables.Select(t => t with { File = Path.Combine(folder, t.File) })];
        }
        catch (JsonException e)
        {
            throw new PipelineConfigException($"not a JSON list of {{\"file\", \"label\"}} objects: {e.Message}", path);
        }
    }

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    public string Name => Path.GetFileNameWithoutExtension(File);
}
