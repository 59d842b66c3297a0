namespace OsteoMl.Screening;

/// <summary>
/// Which films a screening model may score (the pipeline config's <c>screening.eligibility</c>, saved in the model
/// card): the intended use of an opportunistic chest-film screen, as the deployed products state theirs (frontal
/// X-rays of adults ≥ 50 with age and sex from the header). A film outside them is reported with a reason, never
/// scored.
/// </summary>
public sealed record EligibilityRules
{
    /// <summary>Accepted modalities: computed and digital radiography.</summary>
    public IReadOnlyList<string> Modalities { get; init; } = ["CR", "DX"];

    /// <summary>Accepted Body Part Examined values, checked where the header has one (many CR films leave it empty).</summary>
    public IReadOnlyList<string> BodyParts { get; init; } = ["CHEST"];

    /// <summary>Accepted View Position values, checked where the header has one: frontal films only.</summary>
    public IReadOnlyList<string> Views { get; init; } = ["PA", "AP"];

    /// <summary>The youngest patient screened, in completed years; 0 screens every age (and films without one).</summary>
    public int MinimumAge { get; init; } = 50;

    /// <summary>Accept DERIVED images (reprocessed, subtracted, stitched) and Secondary Captures; off by default.</summary>
    public bool AllowDerived { get; init; }

    public static EligibilityRules Default { get; } = new();

    /// <summary>Why the rules themselves are unusable, or null (for the pipeline config's validation).</summary>
    public string? Problem() =>
        Modalities.Count == 0 ? "screening.eligibility.modalities is empty: no film could be screened."
        : MinimumAge is < 0 or > 130 ? $"screening.eligibility.minimumAge {MinimumAge} is not an age in years."
        : null;
}
