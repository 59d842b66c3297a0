using SkiaSharp;

namespace OsteoMl.Imaging;

/// <summary>
/// Checks that a file is an image ImageAnalytics can open (PNG or JPEG) by reading only its header, so that a bad
/// file is reported by the CSV reader with its row instead of failing deep inside the ML.NET pipeline.
/// </summary>
internal static class ImageFileProbe
{
    /// <summary>Null when the header decodes; otherwise why not.</summary>
    public static string? Problem(string path)
    {
        using var codec = SKCodec.Create(path);
        if (codec is null)
        {
            return "not a readable PNG or JPEG file";
        }
        if (codec.EncodedFormat is not (SKEncodedImageFormat.Png or SKEncodedImageFormat.Jpeg))
        {
            return $"{codec.EncodedFormat} images are not supported; use PNG or JPEG";
        }
        return codec.Info.Width < 32 || codec.Info.Height < 32
            ? $"{codec.Info.Width}×{codec.Info.Height} pixels is too small for a radiograph"
            : null;
    }
}
