using System.Globalization;
using OsteoMl.Common;

namespace OsteoMl.Explanation;

/// <summary>
/// explain.csv: one line per explained film — CSV data row (1-based; never the patient id), both probabilities,
/// the PNG names and the attention-on-bright ratio (empty without an attention map).
/// </summary>
public static class ExplanationIndex
{
    public const string FileName = "explain.csv";
    public const string Header = "row,p_image,p_fused,attention_png,occlusion_png,attention_on_bright_ratio";

    public static void Write(string path, IEnumerable<RadiographExplanation> explained) =>
        AtomicFile.Write(path, temporary => File.WriteAllLines(temporary, [Header, .. explained.Select(Line)]));

    private static string Line(RadiographExplanation e) =>
        string.Join(
            ',',
            e.Row.ToString(CultureInfo.InvariantCulture),
            e.ImageProbability.ToString("R", CultureInfo.InvariantCulture),
            e.FusedProbability.ToString("R", CultureInfo.InvariantCulture),
            e.AttentionFile is null ? "" : Path.GetFileName(e.AttentionFile),
            Path.GetFileName(e.OcclusionFile),
            e.AttentionOnBrightRatio?.ToString("0.000", CultureInfo.InvariantCulture) ?? ""
        );
}
