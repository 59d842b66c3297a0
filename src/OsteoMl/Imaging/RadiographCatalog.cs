using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace OsteoMl.Imaging;

/// <summary>
/// <c>mlContext.Transforms.FeaturizeRadiograph(...)</c>: image path → 512-float embedding from the pretrained
/// ImageNet ResNet18 (Microsoft.ML.DnnImageFeaturizer.ResNet18). The ONNX graphs run through
/// <c>ApplyOnnxModel</c>, so a saved model carries their bytes and needs no file beside it.
/// </summary>
public static class RadiographCatalog
{
    /// <summary>
    /// ResNet18's input side; the film is resized whole (no centre crop: the apices and bases matter).
    /// </summary>
    public const int InputSize = 224;

    /// <summary>Length of the embedding.</summary>
    public const int EmbeddingSize = 512;

    /// <summary>
    /// Folder holding ResNet18Onnx/ and ResNetPrepOnnx/, copied to the output by the package's build props.
    /// </summary>
    public static string DefaultModelFolder => Path.Combine(AppContext.BaseDirectory, "DnnImageModels");

    /// <summary>The packaged float ResNet18 graph in <paramref name="modelFolder"/> (null: the default folder).</summary>
    public static string ResNetPath(string? modelFolder = null) =>
        Path.Combine(modelFolder ?? DefaultModelFolder, "ResNet18Onnx", "ResNet18.onnx");

    /// <param name="backbone">The ResNet18 graph to run instead of the packaged float one (e.g.
    /// <see cref="Int8Backbone.ResNet"/>); its bytes then travel inside a saved zip.</param>
    /// <param name="resolution">The grid films are decoded to (<see cref="PreprocessRadiograph"/>); null: 224.</param>
    public static IEstimator<ITransformer> FeaturizeRadiograph(
        this TransformsCatalog catalog,
        string outputColumnName,
        string imagePathColumnName,
        string? modelFolder = null,
        byte[]? backbone = null,
        FilmResolution? resolution = null
    )
    {
        ArgumentNullException.ThrowIfNull(catalog);
        modelFolder ??= DefaultModelFolder;
        string preprocess = Path.Combine(modelFolder, "ResNetPrepOnnx", "ResNetPreprocess.onnx");
        string resnet = ResNetPath(modelFolder);
        foreach (string file in new[] { preprocess, resnet })
        {
            if (!File.Exists(file))
            {
                throw new FileNotFoundException(
                    "ResNet18 ONNX file missing; reference the package Microsoft.ML.DnnImageFeaturizer.ResNet18 "
                        + "from the app so that DnnImageModels/ is copied to its output.",
                    file
                );
            }
        }

        // Column names must equal the ONNX graphs' node names (platform note: ApplyOnnxModel column names).
        const string raw = PixelsColumn,
            prepared = "PreprocessedInput",
            input = ResNetInput,
            output = ResNetOutput;
        resolution ??= FilmResolution.Default;
        return catalog
            .PreprocessRadiograph(imagePathColumnName, resolution)
            .Append(catalog.ApplyOnnxModel([prepared], [raw], preprocess))
            .Append(catalog.CopyColumns(input, prepared))
            .Append(
                backbone is null
                    ? catalog.ApplyOnnxModel([output], [input], resnet)
                    : catalog.ApplyOnnxModel(
                        [output],
                        [input],
                        new MemoryStream(backbone),
                        // The graph's batch axis is symbolic; ML.NET runs one row at a time.
                        shapeDictionary: new Dictionary<string, int[]>
                        {
                            [input] = [1, 3, InputSize, InputSize],
                            [output] = [1, EmbeddingSize, 1, 1],
                        },
                        gpuDeviceId: null,
                        fallbackToCpu: false,
                        recursionLimit: 100
                    )
            )
            .Append(catalog.CopyColumns(outputColumnName, output))
            .Append(catalog.DropColumns([raw, prepared, input, output, .. PreprocessedColumns(resolution)[1..]]));
    }

    /// <summary>
    /// Image path → the trained wavelet-attention network's outputs (<see cref="RadiographNetwork"/>): its image logit
    /// as a one-float vector (what the stack's image head calibrates), the 1024-float embedding, the network's own
    /// probability and the 7 × 7 attention map, through <c>ApplyOnnxModel</c> on the exported graph's bytes (which
    /// travel inside a saved zip).
    /// </summary>
    public static IEstimator<ITransformer> FeaturizeRadiographNetwork(
        this TransformsCatalog catalog,
        byte[] networkOnnx,
        string logitColumnName,
        string embeddingColumnName,
        string probabilityColumnName,
        string attentionColumnName,
        string imagePathColumnName,
        FilmResolution? resolution = null
    )
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(networkOnnx);
        resolution ??= FilmResolution.Default;
        string[] inputs = PreprocessedColumns(resolution);
        const string embedding = RadiographNetwork.EmbeddingOutput,
            probability = RadiographNetwork.ProbabilityOutput,
            logit = RadiographNetwork.LogitOutput,
            attention = RadiographNetwork.AttentionOutput;
        // The graph's batch axis is symbolic; ML.NET runs one row at a time, so the shapes are pinned to batch 1.
        var shapes = new Dictionary<string, int[]>
        {
            [RadiographNetwork.InputName] = [1, 3, InputSize, InputSize],
            [embedding] = [1, RadiographNetwork.EmbeddingSize],
            [probability] = [1, 1],
            [logit] = [1, 1],
            [attention] = [1, 1, RadiographNetwork.AttentionSide, RadiographNetwork.AttentionSide],
        };
        if (resolution.IsNative)
        {
            int cells = RadiographNetwork.AttentionSide;
            shapes[FilmGraph.EnergiesName] = [1, resolution.WaveletMaps, cells, cells];
        }
        return catalog
            .PreprocessRadiograph(imagePathColumnName, resolution)
            .Append(
                catalog.ApplyOnnxModel(
                    [embedding, probability, logit, attention],
                    inputs,
                    new MemoryStream(networkOnnx),
                    shapeDictionary: shapes,
                    gpuDeviceId: null,
                    fallbackToCpu: false,
                    recursionLimit: 100
                )
            )
            .Append(catalog.CopyColumns(logitColumnName, logit))
            .Append(catalog.CopyColumns(embeddingColumnName, embedding))
            .Append(catalog.CopyColumns(attentionColumnName, attention))
            .Append(catalog.CopyColumns(probabilityColumnName, probability))
            .Append(catalog.DropColumns([.. inputs, embedding, probability, logit, attention]));
    }

    /// <summary>
    /// Image path → the 12 gradient-based Haar wavelet log-energies of <see cref="WaveletGraph"/>, through
    /// <c>ApplyOnnxModel</c> (the graph's bytes travel in a saved zip).
    /// </summary>
    public static IEstimator<ITransformer> FeaturizeWavelets(
        this TransformsCatalog catalog,
        string outputColumnName,
        string imagePathColumnName
    )
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog
            .PreprocessRadiograph(imagePathColumnName)
            .Append(
                catalog.ApplyOnnxModel(
                    [WaveletGraph.OutputName],
                    [WaveletGraph.InputName],
                    new MemoryStream(WaveletGraph.Build())
                )
            )
            .Append(catalog.CopyColumns(outputColumnName, WaveletGraph.OutputName))
            .Append(catalog.DropColumns(PixelsColumn, WaveletGraph.OutputName));
    }

    /// <summary>
    /// The pixel column <see cref="PreprocessRadiograph"/> writes: 3 × 224 × 224 floats, 0–255, planar BGR.
    /// </summary>
    public const string PixelsColumn = "OriginalInput";

    public const string ResNetInput = "Input247";
    internal const string ResNetOutput = "Pooling395_Output_0";

    /// <summary>
    /// Image path → the network's input pixels (<see cref="PixelsColumn"/>): decode, resize the whole film to the
    /// <paramref name="resolution"/> grid, extract planar pixels; on a grid finer than 224, <see cref="FilmGraph"/> then
    /// averages them down to 224 and adds the fine wavelet maps (<see cref="FilmGraph.EnergiesName"/>). Shared by the
    /// saved pipeline and the batched training featurizer, so both see exactly the same numbers.
    /// </summary>
    /// <param name="resolution">null: 224, the pipeline of every model before native-resolution wavelets.</param>
    public static IEstimator<ITransformer> PreprocessRadiograph(
        this TransformsCatalog catalog,
        string imagePathColumnName,
        FilmResolution? resolution = null
    )
    {
        ArgumentNullException.ThrowIfNull(catalog);
        resolution ??= FilmResolution.Default;
        string pixels = resolution.IsNative ? FilmGraph.InputName : PixelsColumn;
        // Grayscale films become three identical BGR planes, which is what an ImageNet backbone expects;
        // default ExtractPixels (0–255, planar) matches the packaged ResNetPreprocess graph (platform note: the
        // packaged ResNet18 graphs). ML.NET's Fill resize samples the nearest pixel (no anti-aliasing): harmless from
        // 256 to 224, and to a grid less than 2× smaller than the film, where it skips at most every other row and
        // column; films above 1792 pixels skip more on the 896 grid that FilmResolution.ForFilms caps at (measured
        // better than 1792 all the same). The large steps down to 224 are the film graph's block means.
        var decoded = catalog.DecodeToGrid(imagePathColumnName, resolution.Side, pixels);
        if (!resolution.IsNative)
        {
            return decoded;
        }
        int side = resolution.Side,
            cells = RadiographNetwork.AttentionSide;
        var shapes = new Dictionary<string, int[]>
        {
            [FilmGraph.InputName] = [1, 3, side, side],
            [PixelsColumn] = [1, 3, InputSize, InputSize],
            [FilmGraph.EnergiesName] = [1, resolution.WaveletMaps, cells, cells],
        };
        return decoded
            .Append(
                catalog.ApplyOnnxModel(
                    [PixelsColumn, FilmGraph.EnergiesName],
                    [FilmGraph.InputName],
                    new MemoryStream(FilmGraph.Build(resolution)),
                    shapeDictionary: shapes,
                    gpuDeviceId: null,
                    fallbackToCpu: false,
                    recursionLimit: 100
                )
            )
            .Append(catalog.DropColumns(FilmGraph.InputName));
    }

    /// <summary>
    /// Image path → <paramref name="pixelsColumnName"/>: the whole film decoded and resized to
    /// <paramref name="side"/> × <paramref name="side"/> (ML.NET's Fill: nearest pixel), three planar 0–255 planes.
    /// </summary>
    public static IEstimator<ITransformer> DecodeToGrid(
        this TransformsCatalog catalog,
        string imagePathColumnName,
        int side,
        string pixelsColumnName
    )
    {
        ArgumentNullException.ThrowIfNull(catalog);
        const string image = "RadiographImage";
        // Paths are used as given (absolute, or relative to the working directory), hence imageFolder "".
        return catalog
            .LoadImages(image, imageFolder: "", imagePathColumnName)
            .Append(catalog.ResizeImages(image, side, side, image, ImageResizingEstimator.ResizingKind.Fill))
            .Append(catalog.ExtractPixels(pixelsColumnName, image))
            .Append(catalog.DropColumns(image));
    }

    /// <summary>The columns <see cref="PreprocessRadiograph"/> adds: the pixels, then the fine wavelet maps if any.</summary>
    public static string[] PreprocessedColumns(FilmResolution resolution) =>
        resolution.IsNative ? [PixelsColumn, FilmGraph.EnergiesName] : [PixelsColumn];
}
