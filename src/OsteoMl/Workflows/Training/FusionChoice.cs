using OsteoMl.Fusion;

namespace OsteoMl.Workflows.Training;

/// <summary>The fusion rule the search chose, as the card describes it, and the calibration saved after it.</summary>
internal sealed record FusionChoice(string Description, FusedCalibration? Calibration)
{
    /// <summary>The card's line for the calibration, e.g. "σ(-0.12 + 2.91 · logit p) fitted on …".</summary>
    public string? CalibrationText =>
        Calibration is { Map: var m }
            ? $"p = σ({m.Intercept:0.####} + {m.Slope:0.####} · logit p_rule), fitted on the training rows' "
                + $"out-of-fold fused predictions"
            : null;
}
