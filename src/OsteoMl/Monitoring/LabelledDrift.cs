using OsteoMl.Evaluation;

namespace OsteoMl.Monitoring;

/// <summary>
/// Where labels have arrived: discrimination and calibration of the decided score (Davis et al. 2020, calibration
/// drift). Calibration-in-the-large (ideal 0) and slope (ideal 1) as <see cref="Calibration"/> computes them, with
/// bootstrap intervals; the AUC with DeLong's interval; each beside its held-out value at training.
/// </summary>
public sealed record LabelledDrift
{
    public required int Rows { get; init; }
    public required int Positives { get; init; }
    public required AucEstimate Auc { get; init; }
    public double? ReferenceAuc { get; init; }
    public required ConfidenceInterval CalibrationIntercept { get; init; }
    public required ConfidenceInterval CalibrationSlope { get; init; }

    /// <summary>The held-out calibration at training the window is compared with (null: a schema-1 reference).</summary>
    public ConfidenceInterval? ReferenceCalibrationIntercept { get; init; }
    public ConfidenceInterval? ReferenceCalibrationSlope { get; init; }
}
