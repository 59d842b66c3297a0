using System.Buffers.Binary;
using System.IO.Compression;
using OsteoMl.Dicom;
using SkiaSharp;

namespace OsteoMl.Tests.Dicom;

public sealed class Png16Tests
{
    /// <summary>A 16-bit grayscale PNG whose values span only 30000–30400 (a narrow band of a detector's range).</summary>
    private static void Write16(string path, int width, int height)
    {
        using var raw = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            raw.WriteByte(0);
            for (int x = 0; x < width; x++)
            {
                byte[] value = new byte[2];
                BinaryPrimitives.WriteUInt16BigEndian(value, (ushort)(30000 + (x + y) * 400 / (width + height - 2)));
                raw.Write(value);
            }
        }
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw.ToArray());
        }
        byte[] header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 16;
        using var png = File.Create(path);
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        foreach (var (type, data) in new[] { ("IHDR", header), ("IDAT", compressed.ToArray()), ("IEND", Array.Empty<byte>()) })
        {
            byte[] length = new byte[4], crc = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
            byte[] typed = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
            BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
            png.Write(length);
            png.Write(typed);
            png.Write(crc);
        }
    }

    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }
        return ~crc;
    }

    [Fact]
    public void Given_a_16_bit_png_with_a_narrow_value_band_When_made_loadable_Then_the_full_depth_is_windowed_to_all_gray_levels()
    {
        using var folder = new TempFolder();
        Write16(folder.File("film.png"), 64, 64);
        using (var eightBit = SKBitmap.Decode(folder.File("film.png")).Copy(SKColorType.Gray8))
        {
            Assert.True(eightBit.Bytes.Max() - eightBit.Bytes.Min() <= 2); // what an 8-bit reader sees: the high byte only
        }

        string loadable = RadiographFile.Loadable(folder.File("film.png"), folder.File("cache"));

        using var windowed = SKBitmap.Decode(loadable).Copy(SKColorType.Gray8);
        Assert.Equal(0, windowed.Bytes.Min());
        Assert.Equal(255, windowed.Bytes.Max());
        Assert.StartsWith(folder.File("cache"), loadable);
    }
}
