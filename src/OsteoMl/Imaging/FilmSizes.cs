using SkiaSharp;

namespace OsteoMl.Imaging;

/// <summary>The films' sizes from their headers (no pixel is decoded), to choose a <see cref="FilmResolution"/>.</summary>
public static class FilmSizes
{
    /// <summary>
    /// The median shorter side of up to <paramref name="sample"/> films spread evenly over
    /// <paramref name="paths"/> (the ones ML.NET will load); films whose header cannot be read are skipped, and with
    /// none readable the answer is 224.
    /// </summary>
    public static int TypicalShortSide(IReadOnlyList<string> paths, int sample = 200)
    {
        ArgumentNullException.ThrowIfNull(paths);
        int step = Math.Max(1, paths.Count / sample);
        var sides = new List<int>();
        for (int i = 0; i < paths.Count; i += step)
        {
            using var codec = SKCodec.Create(paths[i]);
            if (codec is not null)
            {
                sides.Add(Math.Min(codec.Info.Width, codec.Info.Height));
            }
        }
        if (sides.Count == 0)
        {
            return FilmResolution.Backbone;
        }
        sides.Sort();
        return sides[sides.Count / 2];
    }
}
