using Microsoft.ML;
using Microsoft.ML.Data;

namespace OsteoMl.Imaging;

/// <summary>
/// A film as the image network is trained on it: 224 × 224 gray bytes, the mean of the three planes that
/// <see cref="RadiographCatalog.PreprocessRadiograph"/> extracts (equal planes for a grayscale film, so exact there).
/// 50 kB per film instead of 600 kB of floats, so thousands fit in memory.
/// </summary>
public static class GrayFilm
{
    private const int Plane = RadiographCatalog.InputSize * RadiographCatalog.InputSize;

    public static byte[] FromPlanar(ReadOnlySpan<float> pixels) => FromPlanar(pixels, RadiographCatalog.InputSize);

    /// <summary>The gray bytes of a <paramref name="side"/> × <paramref name="side"/> film's three planes.</summary>
    public static byte[] FromPlanar(ReadOnlySpan<float> pixels, int side)
    {
        int plane = side * side;
        if (pixels.Length != 3 * plane)
        {
            throw new ArgumentException($"expected {3 * plane} planar pixels, got {pixels.Length}.", nameof(pixels));
        }
        var film = new byte[plane];
        for (int p = 0; p < plane; p++)
        {
            film[p] = (byte)
                Math.Clamp(MathF.Round((pixels[p] + pixels[plane + p] + pixels[2 * plane + p]) / 3f), 0, 255);
        }
        return film;
    }

    /// <summary>
    /// The film as the network's input: its gray plane written to all three planes of <paramref name="planar"/>.
    /// </summary>
    public static void ToPlanar(byte[] film, Span<float> planar)
    {
        ArgumentNullException.ThrowIfNull(film);
        if (film.Length != Plane || planar.Length != 3 * Plane)
        {
            throw new ArgumentException($"expected a {Plane}-pixel film and {3 * Plane} planar values.");
        }
        Span<float> first = planar[..Plane];
        for (int p = 0; p < Plane; p++)
        {
            first[p] = film[p];
        }
        first.CopyTo(planar[Plane..(2 * Plane)]);
        first.CopyTo(planar[(2 * Plane)..]);
    }

    /// <summary>Every row's film from a view with <see cref="RadiographCatalog.PixelsColumn"/>, in row order.</summary>
    public static byte[][] ReadAll(IDataView pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        var column = pixels.Schema[RadiographCatalog.PixelsColumn];
        using var cursor = pixels.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> row = default;
        var films = new List<byte[]>();
        while (cursor.MoveNext())
        {
            getter(ref row);
            films.Add(FromPlanar(row.GetValues()));
        }
        return [.. films];
    }
}
