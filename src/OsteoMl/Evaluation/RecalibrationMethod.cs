namespace OsteoMl.Evaluation;

/// <summary>How <see cref="Recalibrator"/> maps probabilities (<c>--recalibrate platt|isotonic</c>).</summary>
public enum RecalibrationMethod
{
    /// <summary>σ(a + b·logit p): two parameters, smooth.</summary>
    Platt,

    /// <summary>Pool-adjacent-violators: monotone, piecewise constant.</summary>
    Isotonic,
}
