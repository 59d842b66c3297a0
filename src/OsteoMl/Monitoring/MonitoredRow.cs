using System.Globalization;

namespace OsteoMl.Monitoring;

/// <summary>
/// One scored patient for a <see cref="DriftWindow"/>: the clinical values the model was given (by CSV column name,
/// as text; a column absent from the dictionary counts as blank), the probabilities the zip returned (NaN: the zip
/// has no such output) and its decision; the label once known. Carries no identifier.
/// </summary>
public sealed record MonitoredRow
{
    /// <summary>Null when the source has no clinical values (a predict output): inputs are then not monitored.</summary>
    public IReadOnlyDictionary<string, string>? Clinical { get; init; }
    public float ImageProbability { get; init; } = float.NaN;
    public float ClinicalProbability { get; init; } = float.NaN;
    public float FusedProbability { get; init; } = float.NaN;
    public required bool Predicted { get; init; }
    public bool? Label { get; init; }

    /// <summary>The zip's image embedding for this film (the reference's column); null when not read.</summary>
    public IReadOnlyList<float>? Embedding { get; init; }

    /// <summary>Clinical values given as numbers (NaN is blank), as text for <see cref="Clinical"/>.</summary>
    public static IReadOnlyDictionary<string, string> Text(IReadOnlyDictionary<string, float> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.ToDictionary(
            kv => kv.Key,
            kv => float.IsNaN(kv.Value) ? "" : kv.Value.ToString("R", CultureInfo.InvariantCulture),
            StringComparer.Ordinal
        );
    }

    /// <summary>The probability named as predict writes it (p_image, p_clinical, p_fused); NaN for another name.</summary>
    internal double Score(string name) =>
        name switch
        {
            "p_image" => ImageProbability,
            "p_clinical" => ClinicalProbability,
            "p_fused" => FusedProbability,
            _ => double.NaN,
        };
}
