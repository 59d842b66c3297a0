using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
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

    /// <summary>
    /// Refuses a zip without an image branch (trained with --no-images): callers check this before they read the
    /// cohort or print anything, so that the user sees only the reason.
    /// </summary>
    public static void RequireImageBranch(OsteoMlModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!model.UsesImages)
        {
            throw new ModelFileException(
                "this model has no image branch (trained with --no-images); there is nothing to explain.",
                model.Path
            );
        }
    }

    /// <summary>
    /// Explains the first <paramref name="limit"/> rows into <paramref name="outputFolder"/>: one occlusion PNG per
    /// film, one attention PNG where the zip has an attention map, and the <see cref="ExplanationIndex"/> CSV.
    /// </summary>
    public static IReadOnlyList<RadiographExplanation> Explain(
        OsteoMlModel model,
        Cohort cohort,
        string outputFolder,
        int limit,
        IProgress<TrainingProgress>? progress = null
    )
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(cohort);
        RequireImageBranch(model);
        if (cohort.ImagePaths is null)
        {
            throw new Data.CohortFormatException(
                "the cohort has no image column; there is nothing to explain.",
                cohort.Source
            );
        }
        Directory.CreateDirectory(outputFolder);
        int count = Math.Min(limit, cohort.Count);
        var mlContext = new MLContext(0);
        IDataView view = new CohortDataView(cohort.Subset([.. Enumerable.Range(0, count)]), includeLabel: false);
        var preprocess = mlContext.Transforms.PreprocessRadiograph(ModelColumns.ImagePath).Fit(view);
        byte[][] films = GrayFilm.ReadAll(preprocess.Transform(view));
        // A zip on a finer grid is scored on films of that grid (its wavelet maps need their fine texture); the maps
        // are drawn over the 224 film.
        var grid = new FilmResolution(Model.ModelCard.Read(model.Path).FilmGrid ?? FilmResolution.Backbone);
        byte[][] scoredFilms = grid.IsNative ? FineFilms(mlContext, view, grid) : films;

        using var scratch = new ScratchFolder("osteoml-explain-");
        // Score every film first, so that all maps of one run share one colour scale and can be compared.
        var scored = new List<ScoredFilm>();
        for (int row = 0; row < count; row++)
        {
            progress?.Report(new TrainingProgress(Step, row, count));
            scored.Add(ScoreRow(model, cohort, row, films[row], scoredFilms[row], grid.Side, scratch.Path));
        }
        progress?.Report(new TrainingProgress(Step, count, count));
        var scale = new MapScale(
            Math.Max(1e-6f, scored.Max(f => f.LargestDrop)),
            scored
                .Where(f => f.Score.AttentionMap is not null)
                .Select(f => f.Score.AttentionMap!.Min())
                .DefaultIfEmpty(0)
                .Min(),
            scored
                .Where(f => f.Score.AttentionMap is not null)
                .Select(f => f.Score.AttentionMap!.Max())
                .DefaultIfEmpty(1)
                .Max()
        );
        var results = scored.Select(f => Draw(f, scale, outputFolder)).ToList();
        File.WriteAllText(Path.Combine(outputFolder, LegendFile), Legend(scale));
        ExplanationIndex.Write(Path.Combine(outputFolder, ExplanationIndex.FileName), results);
        return results;
    }

    private const string Step = "Explaining radiographs (attention + occlusion)";

    /// <summary>What explain.csv's PNGs mean, written beside them (the report carries the same text).</summary>
    public const string LegendFile = "LEGEND.txt";

    private sealed record ScoredFilm(int Row, byte[] Film, ImageScore Score, float[] Drop, float LargestDrop);

    /// <summary>
    /// One colour scale for every map of a run: occlusion by the largest probability change of any film,
    /// attention by the lowest and highest cell weight of any film.
    /// </summary>
    private sealed record MapScale(float Occlusion, float AttentionLow, float AttentionHigh);

    private static ScoredFilm ScoreRow(
        OsteoMlModel model,
        Cohort cohort,
        int row,
        byte[] film,
        byte[] scoredFilm,
        int side,
        string scratch
    )
    {
        // The film as the model sees it, then every occluded copy: one batch through the saved pipeline.
        List<string> paths =
        [
            WriteFilm(Path.Combine(scratch, "film.png"), scoredFilm, side),
            .. WriteOccludedCopies(scoredFilm, side, scratch),
        ];
        var scores = model.ScoreImages(cohort.Subset([.. Enumerable.Repeat(row, paths.Count)]).WithImagePaths(paths));
        var (drop, largest) = OcclusionDrop(scores[0], scores);
        return new ScoredFilm(row, film, scores[0], drop, largest);
    }

    /// <summary>
    /// The caption under a map: both maps explain the image branch, so the probability shown is named p_image (as in
    /// predictions.csv), not to be mistaken for the fused one that decides.
    /// </summary>
    internal static string Caption(int row, string map, string imageProbability) =>
        $"row {row} · {map} · p_image {imageProbability}";

    private static RadiographExplanation Draw(ScoredFilm film, MapScale scale, string outputFolder)
    {
        var original = film.Score;
        int row = film.Row;
        // Both probabilities in the name: the maps explain the image branch, the decision is on the fused one.
        string image = original.ImageProbability.ToString("0.000", CultureInfo.InvariantCulture);
        string fused = float.IsNaN(original.FusedProbability)
            ? ""
            : "_fused" + original.FusedProbability.ToString("0.000", CultureInfo.InvariantCulture);
        string stem = Path.Combine(outputFolder, $"row{row + 1:0000}_image{image}{fused}");
        string occlusionFile = stem + "_occlusion.png";
        string range = scale.Occlusion.ToString("0.000", CultureInfo.InvariantCulture);
        HeatmapOverlay.WritePng(
            occlusionFile,
            film.Film,
            [.. film.Drop.Select(d => d / scale.Occlusion)],
            diverging: true,
            Caption(row + 1, "occlusion", image),
            // The value is the change in probability when the region is hidden: red end −, blue end +.
            ($"−{range}", $"+{range}")
        );

        string? attentionFile = null;
        double? ratio = null;
        if (original.AttentionMap is { } map)
        {
            attentionFile = stem + "_attention.png";
            File.WriteAllBytes(
                attentionFile,
                HeatmapOverlay.EncodeAttentionPng(
                    film.Film,
                    map,
                    Caption(row + 1, "attention", image),
                    scale.AttentionLow,
                    scale.AttentionHigh
                )
            );
            ratio = AttentionOnBright(film.Film, HeatmapOverlay.Upsample(map));
        }
        return new RadiographExplanation(
            row + 1,
            original.ImageProbability,
            original.FusedProbability,
            attentionFile,
            occlusionFile,
            ratio
        );
    }

    /// <summary>The reading of both maps, with this run's shared scales.</summary>
    private static string Legend(MapScale scale) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"""
            OsteoMl explain: how to read the maps (one colour scale for every film of this run; a bar under each film).

            *_occlusion.png: each 56-pixel patch of the film was replaced by the film's mean gray and the film scored
            again through the saved model. RED: hiding the region LOWERS the image probability (the region supports the
            prediction); BLUE: hiding it RAISES it. The bar gives the change in probability when the region is hidden;
            full colour = {scale.Occlusion:0.000}, the largest change of any film here.

            *_attention.png: the wavelet-attention network's weight on each of 7 x 7 cells, blue (low) to red (high),
            from {scale.AttentionLow:0.000} to {scale.AttentionHigh:0.000}, the lowest and highest weight of any film here.

            {HeatmapOverlay.Caveat}
            """
        );

    /// <summary>
    /// The film (<paramref name="side"/> pixels a side) with each patch of 56/224 of its side in turn replaced by the
    /// film's mean gray, row-major.
    /// </summary>
    private static IEnumerable<string> WriteOccludedCopies(byte[] film, int side, string scratch)
    {
        byte mean = (byte)Math.Round(film.Average(b => (double)b));
        int scale = side / Side;
        for (int py = 0; py < Positions; py++)
        {
            for (int px = 0; px < Positions; px++)
            {
                byte[] occluded = (byte[])film.Clone();
                for (int y = py * Stride * scale; y < (py * Stride + Patch) * scale; y++)
                {
                    occluded.AsSpan(y * side + px * Stride * scale, Patch * scale).Fill(mean);
                }
                yield return WriteFilm(Path.Combine(scratch, $"occluded-{py}-{px}.png"), occluded, side);
            }
        }
    }

    /// <summary>Every row's film on the zip's grid, gray (the mean of the planes), as bytes.</summary>
    private static byte[][] FineFilms(MLContext mlContext, IDataView view, FilmResolution grid)
    {
        const string pixels = "ExplainedPixels";
        return
        [
            .. mlContext
                .Transforms.DecodeToGrid(ModelColumns.ImagePath, grid.Side, pixels)
                .Fit(view)
                .Transform(view)
                .GetColumn<VBuffer<float>>(pixels)
                .Select(row => GrayFilm.FromPlanar(row.DenseValues().ToArray(), grid.Side)),
        ];
    }

    /// <summary>
    /// Each pixel's mean probability drop over the patches covering it (unscaled: the run's maps share one scale),
    /// and the largest in absolute value.
    /// </summary>
    private static (float[] Drop, float Largest) OcclusionDrop(ImageScore original, IReadOnlyList<ImageScore> scores)
    {
        var drop = new float[Side * Side];
        var cover = new int[Side * Side];
        for (int k = 0; k < Positions * Positions; k++)
        {
            int py = k / Positions,
                px = k % Positions;
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
        return (drop, largest);
    }

    /// <summary>Attention share on the film's brightest quarter of pixels over their area share.</summary>
    public static double AttentionOnBright(byte[] film, float[] attention)
    {
        byte cut = film.Order().ElementAt(film.Length * 3 / 4);
        double onBright = 0,
            total = 0;
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

    private static string WriteFilm(string path, byte[] film, int side = Side)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(side, side, SKColorType.Gray8, SKAlphaType.Opaque));
        System.Runtime.InteropServices.Marshal.Copy(film, 0, bitmap.GetPixels(), film.Length);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var stream = File.Create(path);
        data.SaveTo(stream);
        return path;
    }
}
