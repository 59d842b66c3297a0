using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using OsteoMl.Common;
using OsteoMl.Data;
using OsteoMl.Imaging;
using OsteoMl.Model;

namespace OsteoMl.Workflows;

/// <summary>
/// Speed of the image path, measured in one process on the same films: the saved pipeline's featurizer
/// (ML.NET <c>ApplyOnnxModel</c>, one row at a time, as <c>DnnFeaturizeImage</c> runs it), OsteoMl's batched
/// training featurizer, and raw ONNX Runtime sessions on the same graph and pixels (the ceiling); then
/// single-patient latency through a saved zip, and optionally a whole <c>train</c>.
/// </summary>
public static class PerformanceBenchmark
{
    /// <param name="networkTrainer">Trains the image network when timing <c>train</c> (null: the frozen backbone,
    /// <c>--fine-tune none</c>).</param>
    /// <param name="modelZips">Zips for the single-patient latency (missing files are skipped).</param>
    public static PerformanceResult Run(
        string dataPath,
        int images,
        IReadOnlyList<string> modelZips,
        string? trainOn,
        Action<string>? log = null,
        ComputeDevice? device = null,
        IRadiographNetworkTrainer? networkTrainer = null
    )
    {
        device ??= ComputeDevice.Cpu;
        var cohort = CohortReader.Read(
            dataPath,
            new CohortOptions { ExcludeColumns = ["t_score", "site"], RequireLabel = false }
        );
        cohort = cohort.Subset([.. Enumerable.Range(0, Math.Min(images, cohort.Count))]);
        var mlContext = new MLContext(1);
        IDataView view = new CohortDataView(cohort);
        var rates = new Dictionary<string, double>();

        // Warm up both paths on a few films so one-off costs (session creation, JIT) are not counted.
        var warm = new CohortDataView(cohort.Subset([0, 1, 2, 3]));
        var stockModel = mlContext.Transforms.FeaturizeRadiograph("Embedding", ModelColumns.ImagePath).Fit(view);
        Drain(stockModel.Transform(warm), "Embedding");
        rates["mlnet_pipeline_batch1"] = Rate(cohort.Count, () => Drain(stockModel.Transform(view), "Embedding"));
        log?.Invoke($"ML.NET pipeline (ApplyOnnxModel, row by row): {rates["mlnet_pipeline_batch1"]:0.0} images/s");

        var preprocess = mlContext.Transforms.PreprocessRadiograph(ModelColumns.ImagePath).Fit(view);
        float[][] fp32 = [];
        using (var embedder = BatchedEmbedder.Create(device: device))
        {
            embedder.Embed(preprocess.Transform(warm), 4);
            rates["osteoml_batched16"] = Rate(
                cohort.Count,
                () => fp32 = embedder.Embed(preprocess.Transform(view), 16)
            );
        }
        log?.Invoke($"OsteoMl batched featurizer (batch 16, {device}): {rates["osteoml_batched16"]:0.0} images/s");

        // Raw ONNX Runtime on pixels already in memory: what the arithmetic alone costs.
        float[][] pixels = preprocess
            .Transform(view)
            .GetColumn<VBuffer<float>>(RadiographCatalog.PixelsColumn)
            .Select(v => v.DenseValues().ToArray())
            .ToArray();
        RawRates(rates, mlContext, pixels, device, null, "", log);
        Int8Agreement? int8 = device.IsCuda ? null : MeasureInt8(rates, mlContext, cohort, view, pixels, fp32, log);

        var latencies = modelZips.Where(File.Exists).Select(zip => Latency(zip, dataPath, device, log)).ToList();

        double? trainSeconds = null;
        if (trainOn is not null)
        {
            using var scratch = new ScratchFolder("osteoml-bench-");
            var clock = Stopwatch.StartNew();
            // The same pipeline as `train` with its defaults (the CLI passes the network trainer).
            OsteoMlTrainer.Train(
                new TrainingRequest
                {
                    DataPath = trainOn,
                    OutputModelPath = Path.Combine(scratch.Path, "m.zip"),
                    RunsDirectory = Path.Combine(scratch.Path, "runs"),
                    Device = device,
                    FineTune = networkTrainer is null ? FineTuneMode.None : FineTuneModes.Default,
                    NetworkTrainer = networkTrainer,
                }
            );
            trainSeconds = clock.Elapsed.TotalSeconds;
            log?.Invoke($"train on {trainOn}: {trainSeconds:0} s");
        }
        return new PerformanceResult(
            cohort.Count,
            Environment.ProcessorCount,
            rates,
            int8,
            latencies,
            trainSeconds,
            Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0)
        );
    }

    /// <summary>ONNX Runtime on pixels already in memory, batch 1 and 16: what the arithmetic alone costs.</summary>
    private static void RawRates(
        Dictionary<string, double> rates,
        MLContext mlContext,
        float[][] pixels,
        ComputeDevice device,
        byte[]? backbone,
        string suffix,
        Action<string>? log
    )
    {
        using var embedder = BatchedEmbedder.Create(device: device, backbone: backbone);
        IDataView inMemory = mlContext.Data.LoadFromEnumerable(
            pixels.Select(p => new PixelRow { OriginalInput = p }),
            PixelRow.Schema()
        );
        foreach (int batch in new[] { 1, 16 })
        {
            embedder.Embed(inMemory, batch);
            string name = $"raw_ort{suffix}_batch{batch}";
            rates[name] = Rate(pixels.Length, () => embedder.Embed(inMemory, batch));
            log?.Invoke(
                $"ONNX Runtime{suffix.Replace('_', ' ')} on in-memory pixels, batch {batch}: {rates[name]:0.0} images/s"
            );
        }
    }

    /// <summary>
    /// The int8 backbone calibrated on the first films (a quarter, at most as many as training uses), timed on
    /// every path the float one was, and compared with it on the films it was not calibrated on.
    /// </summary>
    private static Int8Agreement MeasureInt8(
        Dictionary<string, double> rates,
        MLContext mlContext,
        Cohort cohort,
        IDataView view,
        float[][] pixels,
        float[][] fp32,
        Action<string>? log
    )
    {
        int calibrating = Math.Clamp(pixels.Length / 4, 1, OsteoMl.Workflows.Training.BackboneStage.CalibrationFilms);
        float[] mean = BatchedEmbedder.ReadMeanImage();
        var prepared = pixels
            .Take(calibrating)
            .Select(p =>
            {
                float[] film = (float[])p.Clone();
                BatchedEmbedder.Prepare(film, mean);
                return film;
            })
            .ToList();
        var int8 = Int8Backbone.Calibrate(prepared);
        var stock = mlContext
            .Transforms.FeaturizeRadiograph("Embedding", ModelColumns.ImagePath, backbone: int8.ResNet)
            .Fit(view);
        Drain(stock.Transform(new CohortDataView(cohort.Subset([0, 1, 2, 3]))), "Embedding");
        rates["mlnet_pipeline_int8_batch1"] = Rate(cohort.Count, () => Drain(stock.Transform(view), "Embedding"));
        log?.Invoke(
            $"ML.NET pipeline, int8 backbone (as the zip runs it): {rates["mlnet_pipeline_int8_batch1"]:0.0} images/s"
        );
        var preprocess = mlContext.Transforms.PreprocessRadiograph(ModelColumns.ImagePath).Fit(view);
        float[][] quantized = [];
        using (var embedder = BatchedEmbedder.Create(backbone: int8.ResNet))
        {
            rates["osteoml_batched16_int8"] = Rate(
                cohort.Count,
                () => quantized = embedder.Embed(preprocess.Transform(view), 16)
            );
        }
        log?.Invoke($"OsteoMl batched featurizer, int8 (batch 16): {rates["osteoml_batched16_int8"]:0.0} images/s");
        RawRates(rates, mlContext, pixels, ComputeDevice.Cpu, int8.ResNet, "_int8", log);
        int[] heldOut = [.. Enumerable.Range(calibrating, cohort.Count - calibrating)];
        var agreement = Int8Agreement.Measure(
            calibrating,
            [.. heldOut.Select(i => fp32[i])],
            [.. heldOut.Select(i => quantized[i])],
            [.. heldOut.Select(i => cohort.PatientIds[i])],
            cohort.Labels is { } labels ? [.. heldOut.Select(i => labels[i])] : null
        );
        log?.Invoke(
            $"int8 vs float on {agreement.ComparedFilms} films not calibrated on: embedding max |Δ| "
                + $"{agreement.MaxAbsEmbeddingDifference:0.000}, relative RMS {agreement.EmbeddingRelativeRms:0.000}"
                + (
                    agreement.OutOfFoldAuc is { } auc
                        ? $"; out-of-fold head AUC float {auc.AucA:0.000} vs int8 {auc.AucB:0.000}, DeLong p = {auc.P:0.000}"
                        : ""
                )
        );
        return agreement;
    }

    private static ZipLatency Latency(string zip, string dataPath, ComputeDevice device, Action<string>? log)
    {
        using var model = OsteoMlModel.Load(zip, device);
        var scoring = CohortReader.Read(
            dataPath,
            new CohortOptions
            {
                RequireLabel = false,
                ExpectedColumns = model.ExpectedClinicalColumns,
                RequireImages = model.UsesImages,
            }
        );
        var times = new List<double>();
        for (int i = 0; i < 45; i++)
        {
            var one = scoring.Subset([i % scoring.Count]);
            var clock = Stopwatch.StartNew();
            model.Score(one);
            if (i >= 5)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }
        times.Sort();
        var latency = new ZipLatency(
            zip,
            ModelCard.Read(zip).ImageNetwork,
            times[times.Count / 2],
            times[(int)Math.Ceiling(0.95 * times.Count) - 1]
        );
        log?.Invoke($"Single-patient predict through {zip}: p50 {latency.P50Ms:0} ms, p95 {latency.P95Ms:0} ms");
        return latency;
    }

    private static double Rate(int count, Action run)
    {
        var clock = Stopwatch.StartNew();
        run();
        return count / clock.Elapsed.TotalSeconds;
    }

    private static void Drain(IDataView data, string column)
    {
        using var cursor = data.GetRowCursor([data.Schema[column]]);
        var getter = cursor.GetGetter<VBuffer<float>>(data.Schema[column]);
        VBuffer<float> value = default;
        while (cursor.MoveNext())
        {
            getter(ref value);
        }
    }

    private sealed class PixelRow
    {
        public float[] OriginalInput { get; set; } = [];

        public static SchemaDefinition Schema()
        {
            var schema = SchemaDefinition.Create(typeof(PixelRow));
            schema[nameof(OriginalInput)].ColumnType = new VectorDataViewType(
                NumberDataViewType.Single,
                3 * RadiographCatalog.InputSize * RadiographCatalog.InputSize
            );
            return schema;
        }
    }
}
