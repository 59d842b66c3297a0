namespace OsteoMl.Monitoring;

/// <summary>An estimate with its 95 % confidence interval.</summary>
public sealed record ConfidenceInterval(double Value, double Low, double High)
{
    public bool Excludes(double value) => value < Low || value > High;
}
