namespace OsteoMl.Simulation;

/// <summary>
/// A simulated hospital: its patient mix and its X-ray detector. Site "A" is the development site;
/// "B" and "C" are external-validation sites with older patients and different detectors, so that a
/// model trained on A meets a realistic domain shift.
/// </summary>
public sealed record SiteProfile(
    string Name,
    double MeanAge,
    double AgeSd,
    double FemaleFraction,
    double DetectorGamma,
    double NoiseScale,
    double BlurRadius,
    double ContrastScale
)
{
    /// <summary>Development site: middle-aged to elderly DXA referrals, a clean detector.</summary>
    public static SiteProfile A { get; } = new("A", 65, 10, 0.72, 1.0, 1.0, 0, 1.0);

    /// <summary>External site: older patients, a gamma-shifted noisier detector with lower resolution.</summary>
    public static SiteProfile B { get; } = new("B", 68, 10, 0.62, 1.3, 1.8, 1.0, 0.9);

    /// <summary>External site: younger mix, a high-contrast detector with mild blur.</summary>
    public static SiteProfile C { get; } = new("C", 60, 12, 0.72, 0.8, 1.3, 0.6, 1.15);

    /// <summary>Known profile names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["A", "B", "C"];

    /// <summary>Looks a profile up by name (case-insensitive).</summary>
    public static SiteProfile FromName(string name) =>
        name.ToUpperInvariant() switch
        {
            "A" => A,
            "B" => B,
            "C" => C,
            _ => throw new ArgumentException(
                $"Unknown site profile '{name}'. Known profiles: {string.Join(", ", Names)}.",
                nameof(name)
            ),
        };
}
