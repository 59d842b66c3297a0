using SkiaSharp;

namespace OsteoMl.Explanation;

/// <summary>
/// Draws a 224 × 224 gray film at twice its size with a heat map blended over it and a caption line, as PNG.
/// Attention (0–1) uses a sequential map (transparent blue → red); occlusion sensitivity a diverging one
/// (red: hiding the region lowers the probability, i.e. it supports the prediction; blue: it raises it).
/// </summary>
public static class HeatmapOverlay
{
    private const int Side = Imaging.RadiographCatalog.InputSize;

    /// <summary>How far a map may be read, shown beside every map (explain's LEGEND.txt, the report).</summary>
    public const string Caveat =
        "Caveat: a map shows where the model looks, not why, and not that the region is clinically relevant. "
        + "Burned-in markers, text and the film border can draw weight (the lead \"R\" marker in the upper corners "
        + "is a known case); check those regions before reading a map as anatomy.";
    private const int Scale = 2;

    /// <param name="heat">224 × 224 values; sequential maps use [0, 1], diverging ones [−1, 1].</param>
    public static void WritePng(
        string path,
        byte[] film,
        float[] heat,
        bool diverging,
        string caption,
        (string Low, string High)? bar = null
    )
    {
        byte[] png = EncodePng(film, heat, diverging, caption, bar);
        File.WriteAllBytes(path, png);
    }

    /// <summary>
    /// A 7 × 7 attention map over its film as PNG bytes, on the shared scale [<paramref name="low"/>,
    /// <paramref name="high"/>] of every map it is shown with, with that scale's colour bar.
    /// </summary>
    public static byte[] EncodeAttentionPng(byte[] film, float[] attention7x7, string caption, float low, float high)
    {
        float span = Math.Max(high - low, 1e-6f);
        return EncodePng(
            film,
            [.. Upsample(attention7x7).Select(a => (a - low) / span)],
            diverging: false,
            caption,
            (Label(low), Label(high))
        );
    }

    private static string Label(float value) =>
        value.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);

    /// <param name="bar">Labels of a colour bar drawn in the caption strip (its two ends); null: no bar.</param>
    public static byte[] EncodePng(
        byte[] film,
        float[] heat,
        bool diverging,
        string caption,
        (string Low, string High)? bar = null
    )
    {
        int size = Side * Scale,
            captionHeight = 28;
        using var bitmap = new SKBitmap(
            new SKImageInfo(size, size + captionHeight, SKColorType.Rgba8888, SKAlphaType.Premul)
        );
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                int p = (y / Scale) * Side + x / Scale;
                byte gray = film[p];
                var (r, g, b, alpha) = diverging ? Diverging(heat[p]) : Sequential(heat[p]);
                bitmap.SetPixel(x, y, new SKColor(Blend(gray, r, alpha), Blend(gray, g, alpha), Blend(gray, b, alpha)));
            }
        }
        using (var canvas = new SKCanvas(bitmap))
        {
            using var background = new SKPaint { Color = SKColors.Black }; // a local: kept alive while Skia draws
            canvas.DrawRect(0, size, size, captionHeight, background);
            using var paint = new SKPaint
            {
                Color = SKColors.White,
                TextSize = 14,
                IsAntialias = true,
            };
            canvas.DrawText(caption, 6, size + 20, paint);
            if (bar is { } labels)
            {
                DrawBar(canvas, paint, size, captionHeight, diverging, labels);
            }
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>A 7 × 7 (or any n × n) map upsampled bilinearly to 224 × 224, cell centres aligned.</summary>
    public static float[] Upsample(float[] grid)
    {
        int n = (int)Math.Round(Math.Sqrt(grid.Length));
        if (n * n != grid.Length)
        {
            throw new ArgumentException("the map is not square.", nameof(grid));
        }
        var result = new float[Side * Side];
        double cell = (double)Side / n;
        for (int y = 0; y < Side; y++)
        {
            double gy = Math.Clamp((y + 0.5) / cell - 0.5, 0, n - 1);
            int y0 = Math.Min((int)gy, Math.Max(0, n - 2));
            double fy = n == 1 ? 0 : gy - y0;
            for (int x = 0; x < Side; x++)
            {
                double gx = Math.Clamp((x + 0.5) / cell - 0.5, 0, n - 1);
                int x0 = Math.Min((int)gx, Math.Max(0, n - 2));
                double fx = n == 1 ? 0 : gx - x0;
                float At(int yy, int xx) => grid[Math.Min(yy, n - 1) * n + Math.Min(xx, n - 1)];
                result[y * Side + x] = (float)(
                    (1 - fy) * ((1 - fx) * At(y0, x0) + fx * At(y0, x0 + 1))
                    + fy * ((1 - fx) * At(y0 + 1, x0) + fx * At(y0 + 1, x0 + 1))
                );
            }
        }
        return result;
    }

    /// <summary>A 100-pixel colour bar at the right of the caption strip, its end values either side.</summary>
    private static void DrawBar(
        SKCanvas canvas,
        SKPaint text,
        int size,
        int height,
        bool diverging,
        (string Low, string High) labels
    )
    {
        const int Width = 100;
        float highWidth = text.MeasureText(labels.High);
        int right = size - 8 - (int)highWidth - 4;
        int left = right - Width;
        for (int i = 0; i < Width; i++)
        {
            float v = diverging ? 2f * i / (Width - 1) - 1 : (float)i / (Width - 1);
            var (r, g, b, alpha) = diverging ? Diverging(-v) : Sequential(v);
            using var paint = new SKPaint
            {
                Color = new SKColor(Blend(128, r, alpha), Blend(128, g, alpha), Blend(128, b, alpha)),
            };
            canvas.DrawRect(left + i, size + 6, 1, height - 12, paint);
        }
        canvas.DrawText(labels.Low, left - 4 - text.MeasureText(labels.Low), size + 20, text);
        canvas.DrawText(labels.High, right + 4, size + 20, text);
    }

    private static byte Blend(byte gray, byte colour, double alpha) =>
        (byte)Math.Round(gray * (1 - alpha) + colour * alpha);

    private static (byte R, byte G, byte B, double Alpha) Sequential(float value)
    {
        double v = Math.Clamp(value, 0, 1);
        // blue → cyan → yellow → red, more opaque where higher.
        double r = Math.Clamp(1.5 * v - 0.25, 0, 1) * 255,
            g = (1 - Math.Abs(2 * v - 1)) * 255,
            b = Math.Clamp(1 - 1.5 * v, 0, 1) * 255;
        return ((byte)r, (byte)g, (byte)b, 0.15 + 0.45 * v);
    }

    private static (byte R, byte G, byte B, double Alpha) Diverging(float value)
    {
        double v = Math.Clamp(value, -1, 1);
        return v >= 0 ? ((byte)255, (byte)40, (byte)40, 0.6 * v) : ((byte)40, (byte)90, (byte)255, -0.6 * v);
    }
}
