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
    /// Decodes in the file's own colour type: one byte per pixel for gray films, four for RGB, RGBA and palette ones
    /// (Skia cannot convert colour to Gray8 while decoding: every valid colour film was refused as truncated, issue
    /// 28). The buffer is at most 4 × <see cref="MaximumPixels"/> bytes, freed at once; ImageAnalytics decodes the
    /// same film to the same four bytes per pixel anyway, and converts colour itself (the networks see its planes).
    /// </summary>
    private static bool Decodes(SKCodec codec)
    {
        var info =
            codec.Info.ColorType == SKColorType.Gray8 ? codec.Info : codec.Info.WithColorType(SKColorType.Rgba8888);
        using var bitmap = new SKBitmap(info);
        return codec.GetPixels(info, bitmap.GetPixels()) == SKCodecResult.Success;
    }
}
