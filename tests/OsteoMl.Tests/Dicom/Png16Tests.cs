using System.Buffers.Binary;
using System.IO.Compression;
using OsteoMl.Dicom;
using SkiaSharp;

namespace OsteoMl.Tests.Dicom;

public sealed class Png16Tests
{
    /// <summary>
    /// A 16-bit grayscale PNG whose values span only 30000–30400 (a narrow band of a detector's range).
    /// </summary>
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
        using var png = File.Create(path);
        png.Write(PngChunks.Signature);
        PngChunks.Write(png, "IHDR", PngChunks.Header(width, height, 16));
        PngChunks.Write(png, "IDAT", compressed.ToArray());
        PngChunks.Write(png, "IEND", []);
    }

    [Fact]
    public void Given_a_16_bit_png_with_a_narrow_value_band_When_made_loadable_Then_the_full_depth_is_windowed_to_all_gray_levels()
    {
        using var folder = new TempFolder();
        Write16(folder.File("film.png"), 64, 64);
        using (var eightBit = SKBitmap.Decode(folder.File("film.png")).Copy(SKColorType.Gray8))
        {
            // What an 8-bit reader sees: the high byte only.
            Assert.True(eightBit.Bytes.Max() - eightBit.Bytes.Min() <= 2);
        }

        string loadable = RadiographFile.Loadable(folder.File("film.png"), folder.File("cache"));

        using var windowed = SKBitmap.Decode(loadable).Copy(SKColorType.Gray8);
        Assert.Equal(0, windowed.Bytes.Min());
        Assert.Equal(255, windowed.Bytes.Max());
        Assert.StartsWith(folder.File("cache"), loadable);
    }

    [Fact]
    public void Given_a_16_bit_png_When_inspected_Then_it_shows_the_window_and_writes_exactly_what_the_network_reads()
    {
        using var folder = new TempFolder();
        Write16(folder.File("film.png"), 64, 64);

        var description = RadiographDescription.Read(folder.File("film.png"));

        using var loadable = SKBitmap.Decode(RadiographFile.Loadable(folder.File("film.png"), folder.File("cache")));
        using var network = loadable.Copy(SKColorType.Gray8);
        Assert.Equal(network.Bytes, description.Pixels);
        Assert.Contains(description.Fields, f => f.Key == "bits" && f.Value.StartsWith("16", StringComparison.Ordinal));
        Assert.Contains(description.Fields, f => f.Key == "window" && f.Value.Contains("percentile"));
    }
}
