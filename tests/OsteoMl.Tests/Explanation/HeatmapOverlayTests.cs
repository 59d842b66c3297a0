using OsteoMl.Explanation;

namespace OsteoMl.Tests.Explanation;

public sealed class HeatmapOverlayTests
{
    [Fact]
    public void Given_a_7x7_map_When_upsampled_Then_constants_stay_constant_and_a_hot_cell_peaks_at_its_centre()
    {
        float[] flat = HeatmapOverlay.Upsample(Enumerable.Repeat(0.3f, 49).ToArray());
        float[] hot = new float[49];
        hot[2 * 7 + 5] = 1; // row 2, column 5: centre at pixel (5.5 × 32, 2.5 × 32) = (176, 80)

        float[] up = HeatmapOverlay.Upsample(hot);

        Assert.All(flat, v => Assert.Equal(0.3f, v, 5));
        int peak = Array.IndexOf(up, up.Max());
        Assert.InRange(peak % 224, 174, 177);
        Assert.InRange(peak / 224, 78, 81);
        Assert.Equal(0f, up[0]);
        Assert.All(up, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void Given_attention_When_measuring_its_share_on_bright_pixels_Then_uniform_is_one_and_attention_on_bone_is_above_one()
    {
        byte[] film = new byte[224 * 224];
        for (int p = 0; p < film.Length; p++)
        {
            film[p] = (byte)(p % 224 < 56 ? 220 : 40); // a bright "bone" band: the left quarter of the film
        }
        float[] uniform = Enumerable.Repeat(1f, film.Length).ToArray();
        float[] onBone = film.Select(v => v > 100 ? 1f : 0.1f).ToArray();

        Assert.Equal(1.0, RadiographExplainer.AttentionOnBright(film, uniform), 6);
        Assert.True(RadiographExplainer.AttentionOnBright(film, onBone) > 2.5);
    }

    [Fact]
    public void Given_a_film_and_a_map_When_encoding_Then_a_PNG_twice_the_size_with_a_caption_strip_comes_back()
    {
        byte[] film = Enumerable.Range(0, 224 * 224).Select(i => (byte)(i % 256)).ToArray();

        byte[] png = HeatmapOverlay.EncodeAttentionPng(
            film,
            Enumerable.Range(0, 49).Select(i => i / 48f).ToArray(),
            "test caption",
            0,
            1
        );

        using var image = SkiaSharp.SKBitmap.Decode(png);
        Assert.Equal(448, image.Width);
        Assert.Equal(448 + 28, image.Height);
    }

    [Fact]
    public void Given_a_film_of_row_one_When_captioned_Then_the_probability_is_named_as_the_image_branch_one()
    {
        string caption = RadiographExplainer.Caption(1, "occlusion", "0.778");

        Assert.Equal("row 1 · occlusion · p_image 0.778", caption);
    }
}
