using System.Globalization;
using Microsoft.ML;
using OsteoMl.Common;
using OsteoMl.Data;
using OsteoMl.Imaging;
using OsteoMl.Model;
using SkiaSharp;

namespace OsteoMl.Explanation;

/// <summary>
/// <c>osteoml explain</c>: per film, the zip's attention map over the radiograph and an occlusion-sensitivity map —
/// gradient-free: the film (as the model sees it, 224 × 224) is scored again with each of 7 × 7 overlapping
/// 56-pixel patches replaced by the film's mean gray, through the whole saved pipeline, and the drop in the image
/// branch's probability is spread over the patch. Works for any image zip; the attention map needs a
/// wavelet-attention zip (<c>--fine-tune</c> other than none).
/// </summary>
public static class RadiographExplainer
{
    public const int Positions = 7;
    public const int Patch = 56;
    public const int Stride = 28;
    private const int Side = RadiographCatalog.InputSize;

    public static IReadOnlyList<RadiographExplanation> Explain(OsteoMlModel model, Cohort cohort, string outputFolder, int limit, IProgress<TrainingProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(cohort);
        if (!model.UsesImages || cohort.ImagePaths is null)
        {
            throw new CohortFormatException("this model has no image branch (trained with --no-images); there is nothing to explain.", model.Path);
        }
        Directory.CreateDirectory(outputFolder);
        int count = Math.Min(limit, cohort.Count);
        var mlContext = new MLContext(0);
        IDataView view = new CohortDataView(cohort.Subset([.. Enumerable.Range(0, count)]), includeLabel: false);
        byte[][] films = GrayFilm.ReadAll(mlContext.Transforms.PreprocessRadiograph(ModelColumns.ImagePath).Fit(view).Transform(view));

        string scratch = Path.Combine(Path.GetTempPath(), $"osteoml-explain-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        try
        {
            var results = new List<RadiographExplanation>();
            for (int row = 0; row < count; row++)
            {
                progress?.Report(new TrainingProgress("Explaining radiographs (attention + occlusion)", row, count));
                byte[] film = films[row];
                // The film as the model sees it, then every occluded copy: one batch through the saved pipeline.
                var paths = new List<string> { WriteFilm(Path.Combine(scratch, "film.png"), film) };
                byte mean = (byte)Math.Round(film.Average(b => (double)b));
                for (int py = 0; py < Positions; py++)
                {
                    for (int px = 0; px < Positions; px++)
                    {
                        byte[] occluded = (byte[])film.Clone();
                        for (int y = py * Stride; y < py * Stride + Patch; y++)
                        {
                            occluded.AsSpan(y * Side + px * Stride, Patch).Fill(mean);
                        }
                        paths.Add(WriteFilm(Path.Combine(scratch, $"occluded-{py}-{px}.png"), occluded));
                    }
                }
                var scores = model.ScoreImages(cohort.Subset([.. Enumerable.Repeat(row, paths.Count)]).WithImagePaths(paths));
                ImageScore original = scores[0];

                var drop = new float[Side * Side];
                var cover = new int[Side * Side];
                for (int k = 0; k < Positions * Positions; k++)
                {
                    int py = k / Positions, px = k % Positions;
                    float delta = original.ImageProbability - scores[k + 1].ImageProbability;
                    for (int y = py * Stride; y < py * Stride + Patch; y++)
                    {
                        for (int x = px * Stride; x < px * Stride + Patch; x++)
                        {
                            drop[y * Side + x] += delta;
                            cover[y * Side + x]++;
                        }
                    }
                }
                float largest = 1e-6f;
                for (int p = 0; p < drop.Length; p++)
                {
                    drop[p] /= Math.Max(1, cover[p]);
                    largest = Math.Max(largest, Math.Abs(drop[p]));
                }
                string stem = $"row{row + 1:0000}_p{original.ImageProbability.ToString("0.000", CultureInfo.InvariantCulture)}";
                string occlusionFile = Path.Combine(outputFolder, stem + "_occlusion.png");
                HeatmapOverlay.WritePng(occlusionFile, film, [.. drop.Select(d => d / largest)], diverging: true,
                    $"row {row + 1} · image p={original.ImageProbability:0.000} · occlusion, max drop {largest:0.000}");

                string? attentionFile = null;
                double? ratio = null;
                if (original.AttentionMap is { } map)
                {
                    attentionFile = Path.Combine(outputFolder, stem + "_attention.png");
                    File.WriteAllBytes(attentionFile, HeatmapOverlay.EncodeAttentionPng(film, map,
                        $"row {row + 1} · image p={original.ImageProbability:0.000} · attention {map.Min():0.00}–{map.Max():0.00}"));
                    ratio = AttentionOnBright(film, HeatmapOverlay.Upsample(map));
                }
                results.Add(new RadiographExplanation(row + 1, original.ImageProbability, original.FusedProbability, attentionFile, occlusionFile, ratio));
            }
            progress?.Report(new TrainingProgress("Explaining radiographs (attention + occlusion)", count, count));
            return results;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Attention share on the film's brightest quarter of pixels over their area share.</summary>
    public static double AttentionOnBright(byte[] film, float[] attention)
    {
        byte cut = film.Order().ElementAt(film.Length * 3 / 4);
        double onBright = 0, total = 0;
        int bright = 0;
        for (int p = 0; p < film.Length; p++)
        {
            total += attention[p];
            if (film[p] >= cut)
            {
                onBright += attention[p];
                bright++;
            }
        }
        return onBright / total / ((double)bright / film.Length);
    }

    private static string WriteFilm(string path, byte[] film)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(Side, Side, SKColorType.Gray8, SKAlphaType.Opaque));
        System.Runtime.InteropServices.Marshal.Copy(film, 0, bitmap.GetPixels(), film.Length);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var stream = File.Create(path);
        data.SaveTo(stream);
        return path;
    }
}
