using System.Buffers.Binary;
using System.IO.Compression;

namespace OsteoMl.Dicom;

/// <summary>
/// Writes 16-bit grayscale PNGs (colour type 0, not interlaced), which SkiaSharp cannot encode: the Paeth filter on
/// every row and zlib at its fastest level, as <see cref="RadiographFile.WritePng"/> encodes 8-bit films, and
/// optionally a <c>pHYs</c> chunk stating the pixel spacing. <see cref="Png16Reader"/> reads them back exactly.
/// </summary>
internal static class Png16Writer
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly uint[] CrcTable = MakeCrcTable();

    /// <param name="pixelsPerMetre">Written as <c>pHYs</c> (the same both ways, unit metre) when given.</param>
    public static void Write(Stream output, ReadOnlySpan<ushort> pixels, int width, int height, int? pixelsPerMetre)
    {
        if (width <= 0 || height <= 0 || pixels.Length != checked(width * height))
        {
            throw new ArgumentException($"{pixels.Length} pixels for a {width} × {height} image.", nameof(pixels));
        }
        output.Write(Signature);
        byte[] header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 16; // bit depth; colour type 0 (gray), compression 0, filter 0, interlace 0 follow
        WriteChunk(output, "IHDR"u8, header);
        if (pixelsPerMetre is int ppm)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(ppm, 1, nameof(pixelsPerMetre));
            byte[] physical = new byte[9];
            BinaryPrimitives.WriteInt32BigEndian(physical, ppm);
            BinaryPrimitives.WriteInt32BigEndian(physical.AsSpan(4), ppm);
            physical[8] = 1; // unit: metre
            WriteChunk(output, "pHYs"u8, physical);
        }
        WriteChunk(output, "IDAT"u8, Compress(pixels, width, height));
        WriteChunk(output, "IEND"u8, []);
    }

    /// <summary>The zlib stream of the Paeth-filtered rows (big-endian samples, 2 bytes a pixel).</summary>
    private static ReadOnlySpan<byte> Compress(ReadOnlySpan<ushort> pixels, int width, int height)
    {
        int stride = 2 * width;
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            byte[] previous = new byte[stride],
                current = new byte[stride],
                line = new byte[stride + 1];
            line[0] = 4; // Paeth
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(current.AsSpan(2 * x), pixels[y * width + x]);
                }
                for (int i = 0; i < stride; i++)
                {
                    int a = i >= 2 ? current[i - 2] : 0,
                        b = previous[i],
                        c = i >= 2 ? previous[i - 2] : 0;
                    line[i + 1] = (byte)(current[i] - Paeth(a, b, c));
                }
                zlib.Write(line);
                (previous, current) = (current, previous);
            }
        }
        return compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
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

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        uint crc = Crc(Crc(0xFFFFFFFF, type), data) ^ 0xFFFFFFFF;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        output.Write(word);
    }

    /// <summary>PNG's CRC-32 (polynomial 0xEDB88320) continued over <paramref name="data"/>, by table.</summary>
    private static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return crc;
    }

    private static uint[] MakeCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }
            table[n] = c;
        }
        return table;
    }
}
