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
        using (var idat = new IdatStream(output))
        {
            Compress(idat, pixels, width, height);
        }
        WriteChunk(output, "IEND"u8, []);
    }

    /// <summary>The Paeth-filtered rows (big-endian samples, 2 bytes a pixel), zlib-compressed into <paramref name="idat"/>.</summary>
    private static void Compress(Stream idat, ReadOnlySpan<ushort> pixels, int width, int height)
    {
        int stride = 2 * width;
        using var zlib = new ZLibStream(idat, CompressionLevel.Fastest, leaveOpen: true);
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

    /// <summary>
    /// Writes what it is given as a run of IDAT chunks of up to 64 kB (a PNG's image data may be split anywhere), so
    /// a film's compressed data is never held whole.
    /// </summary>
    private sealed class IdatStream(Stream output) : Stream
    {
        private readonly byte[] buffer = new byte[64 * 1024];
        private int filled;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> data)
        {
            while (data.Length > 0)
            {
                int take = Math.Min(data.Length, buffer.Length - filled);
                data[..take].CopyTo(buffer.AsSpan(filled));
                filled += take;
                data = data[take..];
                if (filled == buffer.Length)
                {
                    Flush();
                }
            }
        }

        /// <summary>Writes what is buffered as one IDAT chunk.</summary>
        public override void Flush()
        {
            if (filled > 0)
            {
                WriteChunk(output, "IDAT"u8, buffer.AsSpan(0, filled));
                filled = 0;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Flush();
            }
            base.Dispose(disposing);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
