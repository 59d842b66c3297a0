namespace OsteoMl.Imaging;

/// <summary>The <c>--fine-tune</c> spellings of <see cref="FineTuneMode"/>: none, head, last-stage, all.</summary>
public static class FineTuneModes
{
    public static IReadOnlyList<string> Names { get; } = ["none", "head", "last-stage", "all"];

    /// <summary>The default of <c>train --fine-tune</c>, the library's requests and <c>bench perf</c> alike.</summary>
    public const FineTuneMode Default = FineTuneMode.Head;

    public static string Name(FineTuneMode mode) =>
        mode == FineTuneMode.LastStage ? "last-stage" : mode.ToString().ToLowerInvariant();

    public static FineTuneMode? Parse(string? text) =>
        Enum.GetValues<FineTuneMode>()
            .Select(m => (FineTuneMode?)m)
            .FirstOrDefault(m => string.Equals(Name(m!.Value), text?.Trim(), StringComparison.OrdinalIgnoreCase));
}
