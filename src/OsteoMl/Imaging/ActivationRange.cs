namespace OsteoMl.Imaging;

/// <summary>The smallest and largest value one activation tensor took over the calibration films.</summary>
public readonly record struct ActivationRange(float Min, float Max)
{
    public ActivationRange Including(ReadOnlySpan<float> values)
    {
        float min = Min,
            max = Max;
        foreach (float v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        return new ActivationRange(min, max);
    }

    /// <summary>Nothing seen yet: any value widens it.</summary>
    public static ActivationRange Empty => new(float.PositiveInfinity, float.NegativeInfinity);
}
