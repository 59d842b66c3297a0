namespace OsteoMl.Screening;

/// <summary>
/// Whether a film may be scored; when not, a stable reason code (for worklists and scripts) and the reason in words
/// (no patient identifiers).
/// </summary>
public sealed record Eligibility(string? Code, string? Reason)
{
    public static Eligibility Eligible { get; } = new(null, null);

    public bool IsEligible => Code is null;

    public static Eligibility Refused(string code, string reason) => new(code, reason);
}
