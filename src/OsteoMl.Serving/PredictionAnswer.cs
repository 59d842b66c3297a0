namespace OsteoMl.Serving;

/// <summary>
/// The answer to <c>POST /predict</c>: the fields of a <c>predict</c> row (<c>p_image</c>, <c>p_clinical</c>,
/// <c>p_fused</c>, <c>p_logistic</c>, <c>predicted</c>), the threshold and basis the decision used, and what the
/// request lacked. Serialised in snake_case; a probability the model does not have is null.
/// </summary>
public sealed record PredictionAnswer
{
    public string? PatientId { get; init; }
    public string? Image { get; init; }
    public string? SopInstanceUid { get; init; }
    public float? PImage { get; init; }
    public float? PClinical { get; init; }
    public float? PFused { get; init; }
    public float? PLogistic { get; init; }

    /// <summary>1 when the decided probability is at or above its frozen threshold: refer for DXA.</summary>
    public required int Predicted { get; init; }

    /// <summary>"fused", "clinical" (tabular zip) or "image-only" (a DICOM film whose record is missing).</summary>
    public required string Basis { get; init; }
    public required double Threshold { get; init; }

    /// <summary>The clinical columns the request left empty (the zip imputes them, as <c>predict</c> does).</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];
    public IReadOnlyList<string> Warnings { get; init; } = [];
    public required string ModelHash { get; init; }
    public string Note { get; init; } = "Not for ruling out osteoporosis; confirm with DXA.";
}
