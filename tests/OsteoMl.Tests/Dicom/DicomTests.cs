using System.Security.Cryptography;
using OsteoMl.Dicom;
using SkiaSharp;

namespace OsteoMl.Tests.Dicom;

public sealed class DicomTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Dicom", name);

    private static string Sha256(int[] values)
    {
        byte[] bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    [Theory]
    [InlineData("MR_small.dcm", "b8d9a6cee6ff2ea9edbe8b476e54b80cfab8c6a15aff4d431b6c38840a20f7df")]
    [InlineData("MR_small_implicit.dcm", "b8d9a6cee6ff2ea9edbe8b476e54b80cfab8c6a15aff4d431b6c38840a20f7df")]
    [InlineData("MR_small_bigendian.dcm", "b8d9a6cee6ff2ea9edbe8b476e54b80cfab8c6a15aff4d431b6c38840a20f7df")]
    [InlineData("MR_small_RLE.dcm", "b8d9a6cee6ff2ea9edbe8b476e54b80cfab8c6a15aff4d431b6c38840a20f7df")]
    [InlineData("image_dfl.dcm", "3ae25f749a71a0f30203397e76a96bee083557a1ff96a0efaa5332ce3a8563a6")]
    [InlineData("CT_small.dcm", "df61a60dfc368c1da244f035ce15d34d67c2254d5c4ec039bc09e939ac413ce1")]
    [InlineData("MR_small_jpeg_lossless_sv1.dcm", "b8d9a6cee6ff2ea9edbe8b476e54b80cfab8c6a15aff4d431b6c38840a20f7df")]
    [InlineData("MR_small_jpeg_lossless_sv6.dcm", "b8d9a6cee6ff2ea9edbe8b476e54b80cfab8c6a15aff4d431b6c38840a20f7df")]
    [InlineData("CT_small_jpeg_lossless_sv6.dcm", "df61a60dfc368c1da244f035ce15d34d67c2254d5c4ec039bc09e939ac413ce1")]
    public void Given_a_file_in_each_supported_syntax_When_decoding_Then_stored_values_equal_dcmtks(
        string file,
        string sha256
    )
    {
        var image = DicomImage.Read(Fixture(file));

        Assert.Equal(sha256, Sha256(image.StoredValues()));
    }

    [Theory]
    [InlineData("MR_small.dcm", "MR_small.dcm2pnm.png")]
    [InlineData("MR_small_RLE.dcm", "MR_small.dcm2pnm.png")]
    [InlineData("MR_small_monochrome1.dcm", "MR_small_monochrome1.dcm2pnm.png")]
    public void Given_a_windowed_file_When_rendering_8_bit_Then_it_matches_dcm2pnm_within_one_gray_level(
        string file,
        string reference
    )
    {
        var image = DicomImage.Read(Fixture(file));
        using var expected = SKBitmap.Decode(Fixture(reference)).Copy(SKColorType.Gray8);

        byte[] ours = image.Render8Bit();

        Assert.Equal(expected.Width * expected.Height, ours.Length);
        byte[] theirs = expected.Bytes;
        Assert.True(
            ours.Zip(theirs).All(p => Math.Abs(p.First - p.Second) <= 1),
            $"max difference {ours.Zip(theirs).Max(p => Math.Abs(p.First - p.Second))}"
        );
        Assert.Equal(600, image.WindowCenter);
    }

    [Fact]
    public void Given_a_jpeg_baseline_file_When_decoding_Then_values_are_within_one_level_of_dcmdjpeg()
    {
        // Lossy: libjpeg-turbo (SkiaSharp) and dcmtk's IJG decoder may round the inverse DCT differently.
        var image = DicomImage.Read(Fixture("image_dfl_jpeg_baseline.dcm"));
        byte[] reference = File.ReadAllBytes(Fixture("image_dfl_jpeg_baseline.dcmdjpeg.raw"));

        int[] ours = image.StoredValues();

        Assert.Equal(reference.Length, ours.Length);
        int worst = ours.Select((v, i) => Math.Abs(v - reference[i])).Max();
        Assert.True(worst <= 1, $"max difference {worst}");
    }

    [Fact]
    public void Given_a_file_without_a_window_When_rendering_Then_a_percentile_window_spreads_the_gray_levels()
    {
        byte[] picture = DicomImage.Read(Fixture("CT_small.dcm")).Render8Bit();

        Assert.Equal(0, picture.Min());
        Assert.Equal(255, picture.Max());
    }

    [Fact]
    public void Given_an_unsupported_syntax_When_reading_Then_the_error_names_it()
    {
        var error = Assert.Throws<InvalidDataException>(() => DicomImage.Read(Fixture("JPEG-lossy.dcm")));

        Assert.Contains("JPEG Extended", error.Message);
    }

    [Fact]
    public void Given_a_truncated_file_When_reading_Then_it_fails_cleanly()
    {
        Assert.Throws<InvalidDataException>(() => DicomImage.Read(Fixture("MR_truncated.dcm")).StoredValues());
    }

    [Fact]
    public void Given_thousands_of_corrupted_copies_When_reading_Then_each_decodes_or_fails_with_InvalidDataException_quickly()
    {
        byte[] original = File.ReadAllBytes(Fixture("MR_small.dcm"));
        var random = new Random(11);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int trial = 0; trial < 3000; trial++)
        {
            byte[] bytes = (byte[])original.Clone();
            int edits = 1 + random.Next(8);
            for (int e = 0; e < edits; e++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }
            if (random.Next(4) == 0)
            {
                bytes = bytes[..random.Next(bytes.Length)];
            }
            try
            {
                DicomImage.Parse(bytes).Render8Bit();
            }
            catch (InvalidDataException)
            {
                // A clean rejection.
            }
        }
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Given_deeply_nested_sequences_When_reading_Then_the_depth_limit_rejects_them()
    {
        // Explicit VR little endian, no preamble: (0008,0005) CS then 100 nested undefined-length SQ/items, never
        // closed.
        var bytes = new List<byte> { 0x08, 0x00, 0x05, 0x00, (byte)'C', (byte)'S', 0x0A, 0x00 };
        bytes.AddRange("ISO_IR 100"u8.ToArray());
        for (int depth = 0; depth < 100; depth++)
        {
            // SQ, undefined length
            bytes.AddRange(new byte[] { 0x08, 0x00, 0x15, 0x11, (byte)'S', (byte)'Q', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF });
            bytes.AddRange(new byte[] { 0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF }); // item, undefined length
        }

        var error = Assert.Throws<InvalidDataException>(() => DicomFile.Parse([.. bytes]));

        Assert.Contains("nested deeper", error.Message);
    }
}
