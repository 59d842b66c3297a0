using System.IO.Compression;
using OsteoMl.Dicom;
using SkiaSharp;

namespace OsteoMl.Tests.Dicom;

/// <summary>Issue 28: valid colour PNG/JPEG films pass the decode check; truncated ones still fail it.</summary>
public sealed class ImageFileProbeTests
{
    private const int Side = 64;

    private static void Encode(string path, SKColorType colorType, SKAlphaType alphaType, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(Side, Side, colorType, alphaType));
        for (int y = 0; y < Side; y++)
        {
            for (int x = 0; x < Side; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)(x * 4), (byte)(y * 4), (byte)(x + y), (byte)(128 + x)));
            }
        }
        using var data = bitmap.Encode(format, 95);
        File.WriteAllBytes(path, data.ToArray());
    }

    /// <summary>A palette PNG (colour type 3, 16 gray-ish entries): Skia does not write these, so it is built here.</summary>
    private static void WritePalettePng(string path)
    {
        byte[] header = PngChunks.Header(Side, Side, 8);
        header[9] = 3;
        byte[] palette =
        [
            .. Enumerable.Range(0, 16).SelectMany(i => new[] { (byte)(i * 16), (byte)(i * 15), (byte)(i * 14) }),
        ];
        using var raw = new MemoryStream();
        for (int y = 0; y < Side; y++)
        {
            raw.WriteByte(0);
            raw.Write([.. Enumerable.Range(0, Side).Select(x => (byte)((x + y) % 16))]);
        }
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw.ToArray());
        }
        using var png = File.Create(path);
        png.Write(PngChunks.Signature);
        PngChunks.Write(png, "IHDR", header);
        PngChunks.Write(png, "PLTE", palette);
        PngChunks.Write(png, "IDAT", compressed.ToArray());
        PngChunks.Write(png, "IEND", []);
    }

    private static string Film(TempFolder folder, string kind)
    {
        string path = folder.File(kind + (kind.StartsWith("jpeg", StringComparison.Ordinal) ? ".jpg" : ".png"));
        switch (kind)
        {
            case "rgb-png":
                Encode(path, SKColorType.Rgb888x, SKAlphaType.Opaque, SKEncodedImageFormat.Png);
                break;
            case "rgba-png":
                Encode(path, SKColorType.Rgba8888, SKAlphaType.Unpremul, SKEncodedImageFormat.Png);
                break;
            case "palette-png":
                WritePalettePng(path);
                break;
            default:
                Encode(path, SKColorType.Rgba8888, SKAlphaType.Opaque, SKEncodedImageFormat.Jpeg);
                break;
        }
        return path;
    }

    [Theory]
    [InlineData("rgb-png")]
    [InlineData("rgba-png")]
    [InlineData("palette-png")]
    [InlineData("jpeg-rgb")]
    public void Given_a_valid_colour_film_When_probing_Then_it_is_accepted(string kind)
    {
        using var folder = new TempFolder();

        Assert.Null(ImageFileProbe.Problem(Film(folder, kind)));
    }

    [Theory]
    [InlineData("rgb-png")]
    [InlineData("rgba-png")]
    [InlineData("palette-png")]
    [InlineData("jpeg-rgb")]
    public void Given_a_truncated_colour_film_When_probing_Then_it_is_refused_as_truncated(string kind)
    {
        using var folder = new TempFolder();
        string path = Film(folder, kind);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);

        Assert.Contains("truncated or corrupt", ImageFileProbe.Problem(path));
    }
}
