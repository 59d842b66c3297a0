using SkiaSharp;

namespace OsteoMl.Dicom;

/// <summary>
/// Checks that a file is an image ImageAnalytics can open (PNG or JPEG) and that it decodes completely, so that a
/// bad file is reported by the CSV reader with its row instead of failing — or silently turning grey — deep
/// inside the ML.NET pipeline. Refuses absurd dimensions before decoding anything
/// (decompression bombs), so the decode buffer is bounded.
/// </summary>
internal static class ImageFileProbe
{
    /// <summary>Far above any radiograph (a 43 × 43 cm detector at 0.1 mm is 18 megapixels).</summary>
    public const long MaximumPixels = 64L * 1024 * 1024;

    /// <summary>Null when the image decodes completely; otherwise why not.</summary>
    public static string? Problem(string path)
    {
        if (new FileInfo(path).Length == 0)
        {
            return "the file is empty (0 bytes)";
        }
        using var codec = SKCodec.Create(path);
        if (codec is null)
        {
            return "not a readable PNG or JPEG file";
        }
        if (codec.EncodedFormat is not (SKEncodedImageFormat.Png or SKEncodedImageFormat.Jpeg))
        {
            return $"{codec.EncodedFormat} images are not supported; use PNG or JPEG";
        }
        var size = codec.Info;
        if (size.Width < 32 || size.Height < 32)
        {
            return $"{size.Width}×{size.Height} pixels is too small for a radiograph";
        }
        if ((long)size.Width * size.Height > MaximumPixels)
        {
            return $"{size.Width}×{size.Height} pixels is beyond the {MaximumPixels / 1024 / 1024}-megapixel limit "
                + $"(corrupt header or not a radiograph)";
        }
        return Decodes(codec) ? null : "the image data is truncated or corrupt (it does not decode completely)";
    }

    /// <summary>
    /// Decodes into a one-byte-per-pixel buffer (at most <see cref="MaximumPixels"/> bytes, freed at once).
    /// </summary>
    private static bool Decodes(SKCodec codec)
    {
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Gray8, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        return codec.GetPixels(info, bitmap.GetPixels()) == SKCodecResult.Success;
    }
}
