using OsteoMl.Cli;
using OsteoMl.Dicom;
using SkiaSharp;
using Spectre.Console.Testing;

namespace OsteoMl.Tests.Dicom;

/// <summary>Issue 28: a JPEG Baseline frame that does not decode is input the user can fix (exit 2), not a crash.</summary>
public sealed class JpegBaselineFrameTests
{
    /// <summary>A 64 × 64 gray JPEG: uniform level 90, or a texture (several kB, so a truncation cuts scan data).</summary>
    private static byte[] ValidJpeg(bool textured = false)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(64, 64, SKColorType.Gray8, SKAlphaType.Opaque));
        for (int y = 0; y < 64; y++)
        {
            for (int x = 0; x < 64; x++)
            {
                byte level = textured ? (byte)(x * 37 ^ y * 91) : (byte)90;
                bitmap.SetPixel(x, y, new SKColor(level, level, level));
            }
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    public static TheoryData<string> BrokenFrames => new() { "garbage", "truncated" };

    private static byte[] Frame(string kind) =>
        kind == "garbage"
            ? [.. Enumerable.Range(0, 4000).Select(i => (byte)(i * 31))]
            : ValidJpeg(textured: true)[..(ValidJpeg(textured: true).Length * 2 / 3)];

    [Theory]
    [MemberData(nameof(BrokenFrames))]
    public void Given_a_jpeg_baseline_dicom_whose_frame_does_not_decode_When_reading_Then_InvalidDataException_names_instance_and_syntax(
        string kind
    )
    {
        using var folder = new TempFolder();
        DicomWriter.WriteJpegBaseline(folder.File("film.dcm"), Frame(kind), 64, 64);

        var error = Assert.Throws<InvalidDataException>(() => DicomImage.Read(folder.File("film.dcm")).Render8Bit());

        Assert.Contains(DicomWriter.SopInstanceUid, error.Message);
        Assert.Contains("JPEG Baseline", error.Message);
    }

    [Fact]
    public void Given_a_jpeg_baseline_dicom_with_a_garbage_frame_When_inspecting_Then_exit_2_names_the_file_instance_and_syntax()
    {
        using var folder = new TempFolder();
        DicomWriter.WriteJpegBaseline(folder.File("film.dcm"), Frame("garbage"), 64, 64);
        var console = new TestConsole();
        console.Profile.Width = 400;

        int code = CliApp.Run(["inspect", folder.File("film.dcm")], console);

        Assert.Equal(2, code);
        Assert.Contains("film.dcm", console.Output);
        Assert.Contains(DicomWriter.SopInstanceUid, console.Output);
        Assert.Contains("JPEG Baseline", console.Output);
    }

    [Fact]
    public void Given_a_jpeg_baseline_dicom_with_a_valid_frame_When_reading_Then_it_decodes()
    {
        using var folder = new TempFolder();
        DicomWriter.WriteJpegBaseline(folder.File("film.dcm"), ValidJpeg(), 64, 64);

        int[] values = DicomImage.Read(folder.File("film.dcm")).StoredValues();

        Assert.All(values, v => Assert.InRange(v, 89, 91));
    }
}
