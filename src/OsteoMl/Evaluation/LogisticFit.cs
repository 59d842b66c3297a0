namespace OsteoMl.Evaluation;

/// <summary>
/// Maximum-likelihood logistic regression with one predictor, by Newton–Raphson: P(y) = σ(a + b·x + offset).
/// Enough for calibration intercept/slope and Platt scaling; no penalty, so results equal R's <c>glm</c>.
/// </summary>
internal static class LogisticFit
{
    /// <param name="fixSlope">When set, b is held at this value (e.g. 1 with the logit as offset:
    /// calibration-in-the-large).</param>
    public static (double Intercept, double Slope) Fit(
        IReadOnlyList<double> x,
        IReadOnlyList<bool> y,
        double? fixSlope = null,
        IReadOnlyList<double>? offset = null
    )
    {
        double a = 0,
            b = fixSlope ?? 0;
        for (int iteration = 0; iteration < 100; iteration++)
        {
            double ga = 0,
                gb = 0,
                haa = 0,
                hab = 0,
                hbb = 0;
            for (int i = 0; i < x.Count; i++)
            {
                double eta = a + b * x[i] + (offset?[i] ?? 0);
                double p = 1 / (1 + Math.Exp(-eta));
                double r = (y[i] ? 1 : 0) - p,
                    w = p * (1 - p);
                ga += r;
                gb += r * x[i];
                haa += w;
                hab += w * x[i];
                hbb += w * x[i] * x[i];
            }
            double da,
                db;
            if (fixSlope is not null)
            {
                da = haa > 0 ? ga / haa : 0;
                db = 0;
            }
            else
            {
                double det = haa * hbb - hab * hab;
                if (Math.Abs(det) < 1e-300)
                {
                    break;
                }
                da = (hbb * ga - hab * gb) / det;
                db = (haa * gb - hab * ga) / det;
            }
            a += da;
            b += db;
            if (Math.Abs(da) + Math.Abs(db) < 1e-10)
            {
                break;
            }
        }
        return (a, b);
    }

    public static double Logit(double p)
    {
        double clamped = Math.Clamp(p, 1e-12, 1 - 1e-12);
        return Math.Log(clamped / (1 - clamped));
    }
}
