using System.Text.Json;
using System.Text.Json.Serialization;
using OsteoMl.Common;

namespace OsteoMl.Pacs;

/// <summary>
/// Where the worker is in Orthanc's change feed: the last change it finished, for the model it scores with. Written
/// atomically after each batch. Losing it costs time only: a rerun from the start finds each film in the worklist or
/// its report in the PACS and scores nothing twice.
/// </summary>
public sealed record WorkerState(
    [property: JsonPropertyName("last_change")] long LastChange,
    [property: JsonPropertyName("model_hash")] string ModelHash
)
{
    /// <summary>The saved state, or a fresh one (from the feed's start) when the file does not exist.</summary>
    /// <exception cref="OutputException">Unreadable, or kept for another model.</exception>
    public static WorkerState Load(string path, string modelHash)
    {
        if (!File.Exists(path))
        {
            return new WorkerState(0, modelHash);
        }
        WorkerState? state;
        try
        {
            state = JsonSerializer.Deserialize<WorkerState>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new OutputException($"unreadable worker state ({e.Message}); delete it to start over.", path);
        }
        if (state is null || state.ModelHash != modelHash)
        {
            throw new OutputException(
                "this state file belongs to another model; pass another --state for this model (each model keeps "
                    + "its own place in the feed).",
                path
            );
        }
        return state;
    }

    public void Save(string path) =>
        AtomicFile.Write(path, temporary => File.WriteAllText(temporary, JsonSerializer.Serialize(this) + "\n"));
}
