using Microsoft.ML;
using Microsoft.ML.Data;
using OsteoMl.Data;

namespace OsteoMl.Model;

/// <summary>
/// A trained OsteoMl zip, loaded for scoring. Disposing it removes the ONNX files ML.NET unpacked into the
/// temp folder on load (platform note: model zip temp files).
/// </summary>
public sealed class OsteoMlModel : IDisposable
{
    private readonly ITransformer _model;
    private readonly string _scratch;

    private OsteoMlModel(string path, ITransformer model, DataViewSchema inputSchema, string scratch)
    {
        Path = path;
        _model = model;
        InputSchema = inputSchema;
        _scratch = scratch;
    }

    public string Path { get; }

    /// <summary>The loaded chain, for a workflow that extends and re-saves it (local recalibration).</summary>
    internal ITransformer Transformer => _model;

    /// <summary>Name prefix of the private temp folders that hold a loaded model's unpacked ONNX graphs.</summary>
    public const string ScratchPrefix = "osteoml-model-";

    /// <summary>The input contract saved with the model: ImagePath plus the clinical columns.</summary>
    public DataViewSchema InputSchema { get; }

    /// <param name="device">A resolved device; CUDA runs the zip's ONNX graphs on that GPU (falling back to the
    /// CPU).</param>
    public static OsteoMlModel Load(string path, OsteoMl.Imaging.ComputeDevice? device = null)
    {
        if (!File.Exists(path))
        {
            throw new ModelFileException("model file not found; train one with `osteoml train`.", path);
        }
        // ML.NET unpacks each embedded ONNX graph into its temp folder on load (platform note: model zip temp files). A
        // private
        // folder per loaded model lets Dispose — or a failed load — remove every copy, whatever ML.NET names them.
        string scratch = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{ScratchPrefix}{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        var mlContext = new MLContext(seed: 0) { TempFilePath = scratch };
        if (device?.CudaDeviceId is { } gpu)
        {
            // Only ever set for a resolved device on the GPU build: the CPU package throws for any GPU id
            // (docs/platform-notes.md, GPU packages).
            mlContext.GpuDeviceId = gpu;
            mlContext.FallbackToCpu = true;
        }
        try
        {
            ITransformer model = mlContext.Model.Load(path, out DataViewSchema schema);
            return new OsteoMlModel(System.IO.Path.GetFullPath(path), model, schema, scratch);
        }
        catch (Exception e)
        {
            DeleteScratch(scratch);
            if (
                e
                is InvalidOperationException
                    or FormatException
                    or InvalidDataException
                    or ArgumentException
                    or KeyNotFoundException
                    or IOException
            )
            {
                throw new ModelFileException(
                    $"not a readable OsteoMl/ML.NET model zip ({e.Message.Split('\n')[0]}); pass a zip written by "
                        + $"`osteoml train`.",
                    path
                );
            }
            throw;
        }
    }

    /// <summary>Clinical columns the model expects, typed: Single → Numeric, Text → Categorical.</summary>
    public IReadOnlyDictionary<string, ColumnKind> ExpectedClinicalColumns =>
        InputSchema
            .Where(c => c.Name is not (ModelColumns.PatientId or ModelColumns.ImagePath or ModelColumns.Label))
            .ToDictionary(
                c => c.Name,
                c => c.Type is TextDataViewType ? ColumnKind.Categorical : ColumnKind.Numeric,
                StringComparer.Ordinal
            );

    public bool UsesImages => InputSchema.GetColumnOrNull(ModelColumns.ImagePath) is not null;

    /// <summary>The columns the zip adds to its input (probabilities, the decision…), for <see cref="ModelSchema"/>.</summary>
    public DataViewSchema OutputSchema => _model.GetOutputSchema(InputSchema);

    /// <summary>
    /// Scores every row; probabilities are what the zip computes, unchanged. With <paramref name="embeddingColumn"/>
    /// (a vector column the zip outputs, e.g. the drift reference's), each prediction also carries that embedding.
    /// </summary>
    public IReadOnlyList<Prediction> Score(Cohort cohort, string? embeddingColumn = null)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        IDataView scored = _model.Transform(new CohortDataView(cohort, includeLabel: false));

        // One cursor pass: each GetColumn call would run the CNN over every image again.
        ValueGetter<float> Getter(DataViewRowCursor cursor, string name) =>
            scored.Schema.GetColumnOrNull(name) is { } column
                ? cursor.GetGetter<float>(column)
                : (ref float v) => v = float.NaN;
        var predictions = new List<Prediction>(cohort.Count);
        using var cursor = scored.GetRowCursor(scored.Schema);
        var image = Getter(cursor, ModelColumns.ImageProbability);
        var clinical = Getter(cursor, ModelColumns.ClinicalProbability);
        var fused = Getter(cursor, ModelColumns.FusedProbability);
        var logistic = Getter(cursor, ModelColumns.LogisticProbability);
        var predicted = cursor.GetGetter<bool>(scored.Schema[ModelColumns.Predicted]);
        ValueGetter<VBuffer<float>>? embedding =
            embeddingColumn is not null && scored.Schema.GetColumnOrNull(embeddingColumn) is { } vector
                ? cursor.GetGetter<VBuffer<float>>(vector)
                : null;
        VBuffer<float> features = default;
        float pImage = 0,
            pClinical = 0,
            pFused = 0,
            pLogistic = 0;
        bool decision = false;
        for (int i = 0; cursor.MoveNext(); i++)
        {
            image(ref pImage);
            clinical(ref pClinical);
            fused(ref pFused);
            logistic(ref pLogistic);
            predicted(ref decision);
            embedding?.Invoke(ref features);
            predictions.Add(
                new Prediction(cohort.PatientIds[i], pImage, pClinical, pFused, decision, cohort.LabelOf(i))
                {
                    LogisticProbability = pLogistic,
                    Embedding = embedding is null ? null : features.DenseValues().ToArray(),
                }
            );
        }
        return predictions;
    }

    /// <summary>
    /// Whether the zip's image branch is the wavelet-attention network (it then outputs an attention map).
    /// </summary>
    public bool HasAttentionMap =>
        _model.GetOutputSchema(InputSchema).GetColumnOrNull(ModelColumns.AttentionMap) is not null;

    /// <summary>
    /// The image branch's probability, the fused probability and, for a wavelet-attention zip, the 7 × 7 attention
    /// map of every row (for <c>explain</c>).
    /// </summary>
    public IReadOnlyList<ImageScore> ScoreImages(Cohort cohort)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        IDataView scored = _model.Transform(new CohortDataView(cohort, includeLabel: false));
        using var cursor = scored.GetRowCursor(scored.Schema);
        var image = cursor.GetGetter<float>(scored.Schema[ModelColumns.ImageProbability]);
        var fused = cursor.GetGetter<float>(scored.Schema[ModelColumns.FusedProbability]);
        ValueGetter<VBuffer<float>>? attention = scored.Schema.GetColumnOrNull(ModelColumns.AttentionMap) is { } column
            ? cursor.GetGetter<VBuffer<float>>(column)
            : null;
        float pImage = 0,
            pFused = 0;
        VBuffer<float> map = default;
        var scores = new List<ImageScore>(cohort.Count);
        while (cursor.MoveNext())
        {
            image(ref pImage);
            fused(ref pFused);
            attention?.Invoke(ref map);
            scores.Add(new ImageScore(pImage, pFused, attention is null ? null : map.DenseValues().ToArray()));
        }
        return scores;
    }

    public void Dispose()
    {
        (_model as IDisposable)?.Dispose();
        DeleteScratch(_scratch);
    }

    private static void DeleteScratch(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Another handle still open: the OS temp cleaner will get it.
        }
    }
}
