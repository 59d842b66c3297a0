using System.IO.Compression;
using System.Text.Json;
using OsteoMl.AutoML;
using OsteoMl.Model;

namespace OsteoMl.Monitoring;

/// <summary>
/// What a model zip remembers of its training population for drift monitoring (the zip entry
/// <see cref="EntryName"/>, which ML.NET ignores): aggregate histograms of every clinical input and of the model's
/// scores, principal-component projections of the image embedding, the flagged rate at the frozen threshold and the
/// held-out discrimination and calibration. Counts and aggregates only, each bin at least five patients, one row per
/// patient; no identifiers, no minimum or maximum values (the outer bins are open).
/// </summary>
public sealed record DriftReference
{
    public const string EntryName = "OsteoMl/drift_reference.json";

    /// <summary>2 added <see cref="Embedding"/> and <see cref="HeldOut"/>; a schema-1 reference has neither.</summary>
    public int Schema { get; init; } = 2;

    /// <summary>Which rows the input histograms describe (the rows the model was fitted on).</summary>
    public required string InputsOn { get; init; }

    /// <summary>Which rows the score histograms, the flagged rate and the AUC describe (held-out rows).</summary>
    public required string ScoresOn { get; init; }

    /// <summary>One histogram per clinical input column, by its CSV name.</summary>
    public required IReadOnlyList<DriftHistogram> Inputs { get; init; }

    /// <summary>One histogram per score the zip outputs, named as predict writes them (p_image, p_clinical, p_fused).</summary>
    public required IReadOnlyList<DriftHistogram> Scores { get; init; }

    /// <summary>The score the decision thresholds: p_fused, or p_clinical in a tabular zip.</summary>
    public required string DecidedScore { get; init; }

    /// <summary>The frozen decision threshold (the model card's).</summary>
    public required double Threshold { get; init; }

    /// <summary>Held-out patients scored, and how many of them the decision flagged.</summary>
    public required int ScoredPatients { get; init; }
    public required int Flagged { get; init; }

    /// <summary>The decided score's AUC on the held-out patients (null when one class is absent).</summary>
    public double? Auc { get; init; }

    /// <summary>
    /// The decided score's AUC and calibration on the held-out patients, with their intervals: what labelled windows
    /// are compared with (null: too few of a class, or a schema-1 reference).
    /// </summary>
    public LabelledDrift? HeldOut { get; init; }

    /// <summary>The image embedding's projections on the held-out patients (null: a tabular zip).</summary>
    public EmbeddingReference? Embedding { get; init; }

    /// <summary>The zip's reference, or null for a zip trained before drift references (retrain it to monitor).</summary>
    public static DriftReference? Read(string zipPath)
    {
        if (!File.Exists(zipPath))
        {
            throw new ModelFileException("model file not found; train one with `osteoml train`.", zipPath);
        }
        try
        {
            using var archive = ZipFile.OpenRead(zipPath);
            if (archive.GetEntry(EntryName) is not { } entry)
            {
                return null;
            }
            using var stream = entry.Open();
            return JsonSerializer.Deserialize<DriftReference>(stream, TrialLog.JsonOptions)
                ?? throw new ModelFileException("empty drift reference.", zipPath);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException)
        {
            throw new ModelFileException($"unreadable drift reference: {e.Message}", zipPath);
        }
    }

    /// <summary>Adds the reference to a saved zip (called on the temporary file, before the atomic rename).</summary>
    public void WriteInto(string zipPath)
    {
        using var archive = ZipFile.Open(zipPath, ZipArchiveMode.Update);
        archive.GetEntry(EntryName)?.Delete();
        using var stream = archive.CreateEntry(EntryName).Open();
        JsonSerializer.Serialize(
            stream,
            this,
            new JsonSerializerOptions(TrialLog.JsonOptions) { WriteIndented = true }
        );
    }
}
