using System.Text.Json;
using OsteoMl.AutoML;

namespace OsteoMl.Workflows;

/// <summary>One public table of the holdout benchmark: its CSV (relative to the list's folder) and label column.</summary>
public sealed record BenchmarkTable(string File, string Label)
{
    /// <summary>Reads a JSON list of tables, e.g. bench/data/tables.json; paths become absolute.</summary>
    public static IReadOnlyList<BenchmarkTable> ReadList(string path)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        try
        {
            var tables = JsonSerializer.Deserialize<BenchmarkTable[]>(
                System.IO.File.ReadAllText(path),
                TrialLog.JsonOptions
            );
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

    public string Name => Path.GetFileNameWithoutExtension(File);
}
