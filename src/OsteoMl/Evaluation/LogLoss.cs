namespace OsteoMl.Evaluation;

/// <summary>Mean binary cross-entropy in nats, probabilities clamped to [1e-15, 1 − 1e-15].</summary>
public static class LogLoss
{
    public static double Compute(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels)
    {
        if (probabilities.Count != labels.Count)
        {
            throw new ArgumentException("Probabilities and labels differ in length.");
        }
        if (probabilities.Count == 0)
        {
            return double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < probabilities.Count; i++)
        {
            double p = Math.Clamp(probabilities[i], 1e-15, 1 - 1e-15);
            sum -= labels[i] ? Math.Log(p) : Math.Log(1 - p);
        }
        return sum / probabilities.Count;
    }
}
