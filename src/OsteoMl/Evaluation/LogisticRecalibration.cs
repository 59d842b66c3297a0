using System.Globalization;

namespace OsteoMl.Evaluation;

/// <summary>
/// Logistic recalibration (Cox 1958; Steyerberg, Clinical Prediction Models, ch. 20): p' = σ(a + b · logit p), the
/// standard update of a model's calibration-in-the-large (a) and spread (b) to a new site. Fitted by maximum
/// likelihood on local labelled rows.
/// </summary>
public sealed record LogisticRecalibration(double Intercept, double Slope)
{
    /// <summary>Probabilities are clamped to [1e-6, 1 − 1e-6] before the logit, as everywhere in OsteoMl.</summary>
    public const double Clamp = 1e-6;

    public static LogisticRecalibration Fit(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        var (a, b) = LogisticFit.Fit([.. probabilities.Select(Logit)], labels);
        return new LogisticRecalibration(a, b);
    }

    public double Apply(double probability) => 1 / (1 + Math.Exp(-(Intercept + Slope * Logit(probability))));

    /// <summary>The same map as the lambda of a stock ML.NET Expression transform (float column in, float out).</summary>
    public string Expression()
    {
        string a = Intercept.ToString("R", CultureInfo.InvariantCulture),
            b = Slope.ToString("R", CultureInfo.InvariantCulture),
            c = Clamp.ToString("R", CultureInfo.InvariantCulture),
            upper = (1 - Clamp).ToString("R", CultureInfo.InvariantCulture);
        return $"p => 1 / (1 + exp(-({a} + {b} * log(min(max(p, {c}), {upper}) / (1 - min(max(p, {c}), {upper}))))))";
    }

    private static double Logit(double p)
    {
        double clamped = Math.Clamp(p, Clamp, 1 - Clamp);
        return Math.Log(clamped / (1 - clamped));
    }
}
