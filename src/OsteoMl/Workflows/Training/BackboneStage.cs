using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OsteoMl.Common;
using OsteoMl.Data;
using OsteoMl.Imaging;

namespace OsteoMl.Workflows.Training;

/// <summary>
/// Stage 3a (multimodal runs): the backbone's precision (pipeline <c>image.precision</c>). The int8 graph is
/// calibrated on training films only (ranges, no labels) and timed against the float graph on other training films
/// at batch 1, as <c>predict</c> runs it. "auto" keeps int8 only where it pays on this CPU: integer kernels are fast
/// with VNNI and can be slower than float without it.
/// </summary>
internal static class BackboneStage
{
    /// <summary>"auto" takes int8 from this measured speed-up on.</summary>
    public const double MinimumSpeedup = 1.2;

    public const int CalibrationFilms = 64;
    public const int TimedFilms = 16;

    public static BackboneChoice Choose(
        TrainingRequest request,
        IDataView pixels,
        CohortSplit split,
        CancellationToken cancellationToken
    )
    {
        string precision = request.Config.Image.Precision.ToLowerInvariant();
        if (precision == BackboneChoice.Fp32)
        {
            return BackboneChoice.Float("image.precision is fp32");
        }
        if (request.FineTune is FineTuneMode.LastStage or FineTuneMode.All)
        {
            return precision == BackboneChoice.Auto
                ? BackboneChoice.Float("--fine-tune trains the backbone's weights; int8 covers the frozen backbone")
                : throw new UserInputException(
                    "image.precision int8 quantizes the frozen backbone; use --fine-tune none or head with it."
                );
        }
        if (request.Device.IsCuda)
        {
            return precision == BackboneChoice.Auto
                ? BackboneChoice.Float("the CUDA device runs the float graph")
                : throw new UserInputException("image.precision int8 runs on the CPU; use --device cpu with it.");
        }
        var films = PreparedTrainingFilms(request, pixels, split, cancellationToken);
        if (films.Count < 2)
        {
            return BackboneChoice.Float("too few training films to calibrate int8");
        }
        // Small training sets split their films evenly between calibration and timing.
        int calibrating = films.Count - Math.Min(TimedFilms, films.Count / 2);
        var int8 = Int8Backbone.Calibrate(films[..calibrating], request.ImageModelFolder);
        var timed = films[calibrating..];
        var (speedup, rms) = Compare(int8, timed, request.ImageModelFolder);
        bool keep = precision == BackboneChoice.Int8Precision || speedup >= MinimumSpeedup;
        string measured =
            $"int8 ran {speedup:0.00}× the float speed at batch 1 on this CPU, embedding relative RMS difference "
            + $"{rms:0.000}, calibrated on {int8.CalibrationFilms} training films";
        string reason =
            precision == BackboneChoice.Int8Precision ? $"image.precision is int8 ({measured})"
            : keep ? $"auto: {measured}"
            : $"auto kept fp32: {measured} (below {MinimumSpeedup:0.0}×)";
        return keep
            ? new BackboneChoice(BackboneChoice.Int8Precision, int8, speedup, rms, reason)
            : new BackboneChoice(BackboneChoice.Fp32, null, speedup, rms, reason);
    }

    /// <summary>The first training films (up to calibration + timing), as the backbone's input.</summary>
    private static List<float[]> PreparedTrainingFilms(
        TrainingRequest request,
        IDataView pixels,
        CohortSplit split,
        CancellationToken cancellationToken
    )
    {
        var wanted = split.Train.Order().Take(CalibrationFilms + TimedFilms).ToHashSet();
        float[] mean = BatchedEmbedder.ReadMeanImage(request.ImageModelFolder);
        var column = pixels.Schema[RadiographCatalog.PixelsColumn];
        using var cursor = pixels.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> row = default;
        var films = new List<float[]>();
        for (int index = 0; films.Count < wanted.Count && cursor.MoveNext(); index++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (wanted.Contains(index))
            {
                getter(ref row);
                float[] film = row.GetValues().ToArray();
                BatchedEmbedder.Prepare(film, mean);
                films.Add(film);
            }
        }
        return films;
    }

    /// <summary>Best of three alternating passes per graph over the same films, one film per run.</summary>
    private static (double Speedup, double RelativeRms) Compare(
        Int8Backbone int8,
        IReadOnlyList<float[]> films,
        string? modelFolder
    )
    {
        byte[] fp32 = File.ReadAllBytes(RadiographCatalog.ResNetPath(modelFolder));
        using var options = ComputeDevice.Cpu.SessionOptions(0);
        using var floatSession = new InferenceSession(fp32, options);
        using var int8Session = new InferenceSession(int8.ResNet, options);
        double floatSeconds = double.MaxValue,
            int8Seconds = double.MaxValue;
        float[][] floats = [],
            ints = [];
        for (int pass = 0; pass < 3; pass++)
        {
            (floats, double f) = Embed(floatSession, films);
            (ints, double i) = Embed(int8Session, films);
            (floatSeconds, int8Seconds) = (Math.Min(floatSeconds, f), Math.Min(int8Seconds, i));
        }
        return (floatSeconds / int8Seconds, Int8Agreement.Differences(floats, ints).RelativeRms);
    }

    private static (float[][] Embeddings, double Seconds) Embed(InferenceSession session, IReadOnlyList<float[]> films)
    {
        var clock = Stopwatch.StartNew();
        var embeddings = new float[films.Count][];
        for (int i = 0; i < films.Count; i++)
        {
            var input = new DenseTensor<float>(
                films[i],
                [1, 3, RadiographCatalog.InputSize, RadiographCatalog.InputSize]
            );
            using var output = session.Run([NamedOnnxValue.CreateFromTensor(RadiographCatalog.ResNetInput, input)]);
            embeddings[i] = output[0].AsTensor<float>().ToArray();
        }
        return (embeddings, clock.Elapsed.TotalSeconds);
    }
}
