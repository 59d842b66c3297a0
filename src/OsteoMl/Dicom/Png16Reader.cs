using System.Buffers.Binary;
using System.IO.Compression;

namespace OsteoMl.Dicom;

/// <summary>
/// 16-bit grayscale PNG (colour type 0, not interlaced) read at full depth. SkiaSharp 2.88 — and so ML.NET's
/// ImageAnalytics — reads such files as 8 bits, keeping only the high byte (platform note: ImageAnalytics decoding); a
/// detector's 10–16
/// bits must instead be windowed like DICOM. Other PNGs return null and take the normal 8-bit path.
/// </summary>
internal static class Png16Reader
{
    /// <summary>
    /// Bytes of the file start that <see cref="IsGray16"/> needs: signature and IHDR up to the interlace method.
    /// </summary>
    public const int HeaderLength = 29;

    /// <summary>
    /// True when these first bytes are a 16-bit grayscale, non-interlaced PNG: the files this reader takes.
    /// </summary>
    public static bool IsGray16(ReadOnlySpan<byte> start) =>
        start.Length >= HeaderLength
        && start[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })
        && start.Slice(12, 4).SequenceEqual("IHDR"u8)
        && start[24] == 16
        && start[25] == 0
        && start[28] == 0;

    public static (ushort[] Values, int Width, int Height)? TryRead(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        if (!IsGray16(file))
        {
            return null;
        }
        int width = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(16));
        int height = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(20));
        if (width <= 0 || height <= 0 || (long)width * height > DicomImage.MaximumPixels)
        {
            throw new InvalidDataException(
                $"{width}×{height} pixels is empty or beyond the {DicomImage.MaximumPixels / 1024 / 1024}-megapixel "
                    + $"limit."
            );
        }
        using var idat = new MemoryStream();
        for (int position = 8; position + 12 <= file.Length; )
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(position));
            if (length < 0 || position + 12L + length > file.Length)
            {
                throw new InvalidDataException("PNG chunk runs past the end of the file (truncated?).");
            }
            if (file.AsSpan(position + 4, 4).SequenceEqual("IDAT"u8))
            {
                idat.Write(file, position + 8, length);
            }
            position += 12 + length;
        }
        int stride = width * 2;
        byte[] raw = new byte[(long)(stride + 1) * height];
        idat.Position = 0;
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            try
            {
                zlib.ReadExactly(raw);
            }
            catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
            {
                throw new InvalidDataException("the PNG image data is truncated or corrupt.");
            }
        }
        var values = new ushort[width * height];
        byte[] previous = new byte[stride],
            current = new byte[stride];
        for (int y = 0; y < height; y++)
        {
            int filter = raw[y * (stride + 1)];
            raw.AsSpan(y * (stride + 1) + 1, stride).CopyTo(current);
            Unfilter(filter, current, previous, bytesPerPixel: 2);
            for (int x = 0; x < width; x++)
            {
                values[y * width + x] = BinaryPrimitives.ReadUInt16BigEndian(current.AsSpan(2 * x));
            }
            (previous, current) = (current, previous);
        }
        return (values, width, height);
    }

    /// <summary>PNG filter types 0–4 (None, Sub, Up, Average, Paeth), undone in place.</summary>
    private static void Unfilter(int filter, byte[] line, byte[] previous, int bytesPerPixel)
    {
        for (int i = 0; i < line.Length; i++)
        {
            int a = i >= bytesPerPixel ? line[i - bytesPerPixel] : 0,
                b = previous[i],
                c = i >= bytesPerPixel ? previous[i - bytesPerPixel] : 0;
            line[i] = (byte)(
                line[i]
                + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG filter type {filter} does not exist."),
                }
            );
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c,
            pa = Math.Abs(p - a),
            pb = Math.Abs(p - b),
            pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a
            : pb <= pc ? b
            : c;
    }
}
