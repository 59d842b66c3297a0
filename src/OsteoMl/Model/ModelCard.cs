using System.IO.Compression;
using System.Text.Json;
using OsteoMl.AutoML;
using OsteoMl.Data;

namespace OsteoMl.Model;

/// <summary>
/// What a model zip must carry besides the ML.NET pipeline so it can be evaluated elsewhere: the operating point
/// rule, each compared model's threshold frozen at training (chosen on validation; published cut-offs for the
/// traditional tools), and training facts. Stored as the zip entry <see cref="EntryName"/>, which ML.NET ignores
/// on load. No patient identifiers.
/// </summary>
public sealed record ModelCard
{
    public const string EntryName = "OsteoMl/model_card.json";

    public int Schema { get; init; } = 1;
    public required string OperatingPoint { get; init; }

    /// <summary>What the learned models' thresholds were chosen on (cards before this field: the validation split).</summary>
    public string ThresholdsChosenOn { get; init; } = "the validation split";
    public required IReadOnlyDictionary<string, double> Thresholds { get; init; }

    /// <summary>
    /// Each one-hot encoded clinical column's values at training (the encoders' own vocabulary, already inside the
    /// zip), so that predict and evaluate can name values the model never saw; null on cards before this field.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Categories { get; init; }

    /// <summary>The local recalibration this zip carries (<c>osteoml recalibrate</c>), or null for a trained zip.</summary>
    public string? Recalibration { get; init; }

    /// <summary>Which rows the saved model was fitted on (cards before this field: the training split).</summary>
    public string FittedOn { get; init; } = "the training split";
    public required bool UsesImages { get; init; }

    /// <summary>
    /// The model whose probability the zip's decision thresholds: fused for an image zip, clinical for a tabular one.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string DecidedModel => UsesImages ? "fused" : "clinical";
    public required int Seed { get; init; }
    public required string DataHash { get; init; }
    public required string RunId { get; init; }
    public string? ClinicalModel { get; init; }
    public string? Fusion { get; init; }

    /// <summary>
    /// The calibration map applied to the fusion rule's output (trained multimodal zips from 0.5.1 on), or null.
    /// </summary>
    public string? FusedCalibration { get; init; }

    /// <summary>
    /// The image network in the zip and its backbone's precision: "resnet18 (frozen ImageNet weights, int8 backbone
    /// …)" or "wavelet-attention on resnet18, fine-tune &lt;mode&gt;, best epoch n of m, fp32 backbone".
    /// </summary>
    public string? ImageNetwork { get; init; }

    /// <summary>
    /// The side of the square grid the zip decodes films to (224, 448, 896 or 1792; docs/image-network.md); null on
    /// cards before this field and in tabular zips (224 for an image zip).
    /// </summary>
    public int? FilmGrid { get; init; }

    /// <summary>
    /// The films this model may screen (the pipeline config's <c>screening.eligibility</c>); null on cards before this
    /// field and in tabular zips (screening then applies the default rules).
    /// </summary>
    public OsteoMl.Screening.EligibilityRules? Eligibility { get; init; }

    /// <summary>
    /// Keyed hashes of the training patients and films, for <c>evaluate</c>'s overlap count; null on cards before
    /// this field (evaluate then compares the CSV's bytes) and for a training CSV without a patient id column.
    /// </summary>
    public TrainingFingerprints? TrainingFingerprints { get; init; }

    /// <summary>Adds the card to a saved zip (called on the temporary file, before the atomic rename).</summary>
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

    /// <summary>
    /// The card of a zip; a zip without one (older or foreign) is a <see cref="ModelFileException"/>.
    /// </summary>
    public static ModelCard Read(string zipPath)
    {
        try
        {
            using var archive = ZipFile.OpenRead(zipPath);
            var entry =
                archive.GetEntry(EntryName)
                ?? throw new ModelFileException(
                    "this zip has no OsteoMl model card (thresholds); retrain it with this version of `osteoml train`.",
                    zipPath
                );
            using var stream = entry.Open();
            return JsonSerializer.Deserialize<ModelCard>(stream, TrialLog.JsonOptions)
                ?? throw new ModelFileException("empty model card.", zipPath);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException)
        {
            throw new ModelFileException($"unreadable model card: {e.Message}", zipPath);
        }
    }
}
