using System.Text.Json;
using OsteoMl.Common;
using OsteoMl.Data;

namespace OsteoMl.AutoML;

/// <summary>
/// <c>run.json</c>: the settings a run was started with, so <c>--resume</c> continues it with the same data,
/// seed, tuner, metric and folds, and refuses to continue on different data. No patient identifiers.
/// </summary>
public sealed record RunManifest
{
    public const string FileName = "run.json";
    public const int SchemaVersion = 1;

    public int Schema { get; init; } = SchemaVersion;
    public required string RunId { get; init; }
    public required string DataHash { get; init; }

    /// <summary>The cohort the run was started on, so <c>--resume</c> can find it again.</summary>
    public required string DataPath { get; init; }

    public required string LabelColumn { get; init; }
    public required int Seed { get; init; }
    public required string Tuner { get; init; }
    public required ObjectiveMetric Metric { get; init; }
    public required int Folds { get; init; }

    /// <summary>
    /// Whether the validation rows were pooled with the training rows (tabular-only runs; false in manifests written
    /// before pooling existed, so a resumed old run keeps its folds).
    /// </summary>
    public bool PoolsValidation { get; init; }

    /// <summary>Repeats of the k folds (1 in manifests written before repeats existed).</summary>
    public int Repeats { get; init; } = 1;
    public required bool UsesImages { get; init; }
    public required IReadOnlyList<string> Trainers { get; init; }
    public int? MaxTrials { get; init; }
    public double? TimeBudgetSeconds { get; init; }
    public DateTime StartedUtc { get; init; } = DateTime.UtcNow;

    /// <summary>The model options the run was started with (null in manifests written before 0.5.1).</summary>
    public RunOptions? Options { get; init; }

    public void Write(string runDirectory)
    {
        Directory.CreateDirectory(runDirectory);
        string json = JsonSerializer.Serialize(
            this,
            new JsonSerializerOptions(TrialLog.JsonOptions) { WriteIndented = true }
        );
        AtomicFile.Write(Path.Combine(runDirectory, FileName), temporary => File.WriteAllText(temporary, json));
    }

    /// <summary>
    /// Reads a run's manifest; a missing or broken one is a <see cref="RunFolderException"/> naming the file.
    /// </summary>
    public static RunManifest Read(string runDirectory)
    {
        string path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new RunFolderException(
                $"not a run folder (no {FileName}); pass a folder under runs/ that a `train` run created.",
                runDirectory
            );
        }
        try
        {
            return JsonSerializer.Deserialize<RunManifest>(File.ReadAllText(path), TrialLog.JsonOptions)
                ?? throw new RunFolderException("empty run manifest.", path);
        }
        catch (JsonException e)
        {
            throw new RunFolderException($"unreadable run manifest: {e.Message}", path);
        }
    }
}
