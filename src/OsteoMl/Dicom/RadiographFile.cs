using OsteoMl.Common;
using SkiaSharp;

namespace OsteoMl.Dicom;

/// <summary>
/// Any radiograph file OsteoMl accepts, as the network sees it before resizing: 8-bit PNG and JPEG pass through;
/// DICOM and 16-bit grayscale PNG are decoded at full depth, brought to 8 bits (<see cref="DicomImage"/>; 16-bit PNG
/// by the percentile window) and written once as a PNG in a cache folder, keyed by the file's path, size and time and
/// <see cref="RenderingVersion"/>, so the ML.NET image pipeline (which reads 8 bits only) can load them.
/// </summary>
public static class RadiographFile
{
    /// <summary>
    /// Part of the cache key: raised whenever the rendering rule changes, so that no film rendered under an old rule is
    /// served from the cache. 2: 8-bit DICOM without a window used as stored instead of percentile-windowed (issue 28).
    /// </summary>
    public const int RenderingVersion = 2;

    public static string DefaultCacheFolder => Path.Combine(Path.GetTempPath(), "osteoml-dicom-cache");

    /// <summary>True for a DICOM Part 10 file (DICM after the preamble) or a .dcm file.</summary>
    public static bool IsDicom(string path)
    {
        if (
            path.EndsWith(".dcm", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".dicom", StringComparison.OrdinalIgnoreCase)
        )
        {
            return true;
        }
        using var stream = File.OpenRead(path);
        if (stream.Length < 132)
        {
            return false;
        }
        stream.Position = 128;
        Span<byte> marker = stackalloc byte[4];
        return stream.Read(marker) == 4 && marker.SequenceEqual("DICM"u8);
    }

    /// <summary>A PNG path ImageAnalytics can read for this file (the file itself unless it is DICOM).</summary>
    /// <param name="warn">Receives what was accepted with a caveat (a multi-frame file read at frame 1).</param>
    /// <exception cref="InvalidDataException">The DICOM file cannot be decoded (the message says why).</exception>
    public static string Loadable(string path, string? cacheFolder = null, Action<string>? warn = null)
    {
        bool dicom = IsDicom(path);
        if (!dicom && !IsPng16(path))
        {
            return path;
        }
        var info = new FileInfo(path);
        string key = Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(
                System.Text.Encoding.UTF8.GetBytes(
                    $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}|{RenderingVersion}"
                )
            )
        )[..32];
        string folder = cacheFolder ?? DefaultCacheFolder;
        string png = Path.Combine(folder, key + ".png");
        if (File.Exists(png))
        {
            return png;
        }
        Directory.CreateDirectory(folder);
        if (!dicom)
        {
            var (windowed, width, height) = WindowedPng16(path);
            AtomicFile.Write(png, temporary => WritePng(temporary, windowed, width, height));
            return png;
        }
        var image = DicomImage.Read(path);
        if (image.Frames > 1)
        {
            warn?.Invoke($"{info.Name} has {image.Frames} frames; using frame 1.");
        }
        AtomicFile.Write(png, temporary => WritePng(temporary, image.Render8Bit(), image.Columns, image.Rows));
        return png;
    }

    /// <summary>
    /// A 16-bit grayscale PNG at full depth, windowed to 8 bits as a DICOM of more than 8 bits without a window is
    /// (0.5–99.5th percentile): what train, predict and inspect all see.
    /// </summary>
    public static (byte[] Pixels, int Width, int Height) WindowedPng16(string path)
    {
        var (values, width, height) = Png16Reader.TryRead(path)!.Value;
        return (DicomImage.Window([.. values.Select(v => (double)v)], null, null, invert: false), width, height);
    }

    /// <summary>
    /// A 16-bit grayscale, non-interlaced PNG: read at full depth and windowed (<see cref="Png16Reader"/>).
    /// </summary>
    public static bool IsPng16(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> start = stackalloc byte[Png16Reader.HeaderLength];
        return stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) == start.Length
            && Png16Reader.IsGray16(start);
    }

    /// <summary>Writes 8-bit gray pixels (row by row) as a PNG.</summary>
    public static void WritePng(string path, byte[] pixels, int width, int height)
    {
        // Marshal.Copy into native memory checks nothing: a longer array would overrun the bitmap.
        if (pixels.Length != checked(width * height))
        {
            throw new ArgumentException($"{pixels.Length} pixels for a {width} × {height} image.", nameof(pixels));
        }
        var info = new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        // Paeth prediction with zlib level 1 encodes a 256 × 256 film 2.2× faster than Skia's default (every filter
        // tried per row, level 6) for files 9 % larger; PNG is lossless, so the pixels are the same either way.
        using var pixmap = bitmap.PeekPixels();
        using var data = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Paeth, zLibLevel: 1));
        using var file = File.Create(path);
        data.SaveTo(file);
    }

    /// <summary>
    /// Writes 16-bit gray pixels (row by row) as a 16-bit grayscale PNG, Paeth-filtered at zlib's fastest level like
    /// <see cref="WritePng"/>, with a <c>pHYs</c> chunk when <paramref name="pixelsPerMetre"/> is given (so a reader
    /// learns the pixel spacing: 1000 ÷ pixels per metre, in mm). <see cref="Png16Reader"/> reads it back exactly.
    /// </summary>
    public static void WritePng16(string path, ushort[] pixels, int width, int height, int? pixelsPerMetre = null)
    {
        using var file = File.Create(path);
        Png16Writer.Write(file, pixels, width, height, pixelsPerMetre);
    }
}
