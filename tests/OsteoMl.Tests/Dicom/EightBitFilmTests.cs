using OsteoMl.Dicom;
using SkiaSharp;

namespace OsteoMl.Tests.Dicom;

/// <summary>
/// Issue 28: one 8-bit film must give the same pixels whether it arrives as a DICOM without a VOI window or as a PNG.
/// </summary>
public sealed class EightBitFilmTests
{
    /// <summary>A 64 × 64 film using only gray levels 40–200, so a percentile stretch would change every pixel.</summary>
    private static byte[] NarrowFilm() => [.. Enumerable.Range(0, 64 * 64).Select(i => (byte)(40 + (i * 7 % 161)))];

    private static byte[] Gray(string path)
    {
        using var decoded = SKBitmap.Decode(path);
        using var gray = decoded.Copy(SKColorType.Gray8);
        return gray.Bytes;
    }

    [Fact]
    public void Given_one_film_as_8_bit_dicom_without_a_window_and_as_png_When_made_loadable_Then_the_pixels_are_identical()
    {
        using var folder = new TempFolder();
        byte[] film = NarrowFilm();
        RadiographFile.WritePng(folder.File("film.png"), film, 64, 64);
        DicomWriter.Write(folder.File("film.dcm"), film, 64, 64, window: null);

        byte[] fromPng = Gray(RadiographFile.Loadable(folder.File("film.png"), folder.File("cache")));
        byte[] fromDicom = Gray(RadiographFile.Loadable(folder.File("film.dcm"), folder.File("cache")));

        Assert.Equal(film, fromPng);
        Assert.Equal(fromPng, fromDicom);
    }

    [Fact]
    public void Given_an_8_bit_monochrome1_dicom_without_a_window_When_rendering_Then_the_stored_values_are_only_inverted()
    {
        using var folder = new TempFolder();
        byte[] film = NarrowFilm();
        DicomWriter.Write(folder.File("film.dcm"), film, 64, 64, window: null, photometric: "MONOCHROME1");

        byte[] rendered = DicomImage.Read(folder.File("film.dcm")).Render8Bit();

        Assert.Equal(film.Select(v => (byte)(255 - v)), rendered);
    }

    [Fact]
    public void Given_an_8_bit_dicom_without_a_window_When_inspecting_Then_it_says_the_stored_values_are_used()
    {
        using var folder = new TempFolder();
        DicomWriter.Write(folder.File("film.dcm"), NarrowFilm(), 64, 64, window: null);

        var description = RadiographDescription.Read(folder.File("film.dcm"));

        Assert.Contains(description.Fields, f => f.Key == "window" && f.Value.Contains("as stored"));
        Assert.Equal(NarrowFilm(), description.Pixels);
    }
}
