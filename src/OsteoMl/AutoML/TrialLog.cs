using System.Text.Json;
using System.Text.Json.Serialization;

namespace OsteoMl.AutoML;

/// <summary>
/// <c>trials.jsonl</c>: one JSON object per finished trial, appended and flushed as each trial ends, so an
/// interrupted run keeps every trial it finished. A torn last line (the process was killed mid-write) is
/// skipped on reading.
/// </summary>
public sealed class TrialLog
{
    public const string FileName = "trials.jsonl";

    /// <summary>snake_case names, enums as strings, NaN allowed: the format of trials.jsonl and run.json.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private readonly object _gate = new();

    public TrialLog(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public void Append(TrialResult result)
    {
        string line = JsonSerializer.Serialize(result, JsonOptions) + "\n";
        lock (_gate)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
            using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
            using var writer = new StreamWriter(stream);
            writer.Write(line);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>Every complete trial in the file, in order; an absent file is an empty log.</summary>
    public static IReadOnlyList<TrialResult> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }
        var results = new List<TrialResult>();
        foreach (string line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            try
            {
                if (JsonSerializer.Deserialize<TrialResult>(line, JsonOptions) is { } result)
                {
                    results.Add(result);
                }
            }
            catch (JsonException)
            {
                // A torn line from a killed process; the trials before it are intact.
            }
        }
        return results;
    }
}
