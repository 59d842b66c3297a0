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
    public static PerformanceResult Run(
        string dataPath,
        int images,
        string? modelZip,
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
        using (var embedder = BatchedEmbedder.Create(device: device))
        {
            embedder.Embed(preprocess.Transform(warm), 4);
            rates["osteoml_batched16"] = Rate(cohort.Count, () => embedder.Embed(preprocess.Transform(view), 16));
        }
        log?.Invoke($"OsteoMl batched featurizer (batch 16, {device}): {rates["osteoml_batched16"]:0.0} images/s");

        // Raw ONNX Runtime on pixels already in memory: what the arithmetic alone costs.
        float[][] pixels = preprocess
            .Transform(view)
            .GetColumn<VBuffer<float>>(RadiographCatalog.PixelsColumn)
            .Select(v => v.DenseValues().ToArray())
            .ToArray();
        using (var embedder = BatchedEmbedder.Create(device: device))
        {
            foreach (int batch in new[] { 1, 16 })
            {
                IDataView inMemory = mlContext.Data.LoadFromEnumerable(
                    pixels.Select(p => new PixelRow { OriginalInput = p }),
                    PixelRow.Schema()
                );
                embedder.Embed(inMemory, batch);
                rates[$"raw_ort_batch{batch}"] = Rate(cohort.Count, () => embedder.Embed(inMemory, batch));
                log?.Invoke(
                    $"ONNX Runtime on in-memory pixels, batch {batch}: {rates[$"raw_ort_batch{batch}"]:0.0} images/s"
                );
            }
        }

        (double P50, double P95)? latency = null;
        if (modelZip is not null && File.Exists(modelZip))
        {
            using var model = OsteoMlModel.Load(modelZip, device);
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
            latency = (times[times.Count / 2], times[(int)Math.Ceiling(0.95 * times.Count) - 1]);
            log?.Invoke(
                $"Single-patient predict through the zip: p50 {latency.Value.P50:0} ms, p95 {latency.Value.P95:0} ms"
            );
        }

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
            latency?.P50,
            latency?.P95,
            trainSeconds,
            Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0)
        );
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
