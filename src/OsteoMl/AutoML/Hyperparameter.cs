namespace OsteoMl.AutoML;

/// <summary>
/// One searchable hyperparameter: a numeric range, searched on a log scale where the effect is
/// multiplicative (learning rates, tree counts, penalties). Tuners work in the unit cube: 0 ↦ <see cref="Min"/>,
/// 1 ↦ <see cref="Max"/>. <see cref="LowCost"/> is where a cost-frugal search starts (the cheapest sensible value).
/// </summary>
public sealed record Hyperparameter(
    string Name,
    double Min,
    double Max,
    double LowCost,
    bool LogScale = false,
    bool IsInteger = false
)
{
    public double FromUnit(double unit)
    {
        unit = Math.Clamp(unit, 0, 1);
        double value = LogScale
            ? Math.Exp(Math.Log(Min) + unit * (Math.Log(Max) - Math.Log(Min)))
            : Min + unit * (Max - Min);
        value = Math.Clamp(value, Min, Max);
        // Four significant digits: finer steps do not matter to any trainer and the logs stay readable.
        return IsInteger ? Math.Round(value) : Math.Clamp(RoundSignificant(value, 4), Min, Max);
    }

    private static double RoundSignificant(double value, int digits)
    {
        if (value == 0 || !double.IsFinite(value))
        {
            return value;
        }
        double scale = Math.Pow(10, digits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(value))));
        return Math.Round(value * scale) / scale;
    }

    public double ToUnit(double value)
    {
        value = Math.Clamp(value, Min, Max);
        if (Max == Min)
        {
            return 0;
        }
        return LogScale
            ? (Math.Log(value) - Math.Log(Min)) / (Math.Log(Max) - Math.Log(Min))
            : (value - Min) / (Max - Min);
    }
}
