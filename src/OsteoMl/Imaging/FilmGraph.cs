namespace OsteoMl.Imaging;

/// <summary>
/// The first graph a film meets on a grid finer than 224 (<see cref="FilmResolution.IsNative"/>), as fixed-weight
/// ONNX that travels in the zip through <c>ApplyOnnxModel</c>: the decoded film's planar pixels
/// (<see cref="InputName"/>, [N, 3, side, side], 0–255) →
/// <list type="bullet">
/// <item>the backbone's usual input (<see cref="RadiographCatalog.PixelsColumn"/>, 3 × 224 × 224): each plane
/// average-pooled over m × m blocks (an anti-aliased resize) and rounded to whole gray levels;</item>
/// <item>the raw gradient-wavelet log-energy maps on the fine grid (<see cref="EnergiesName"/>, [N, 3L, 7, 7],
/// <see cref="WaveletEnergyNodes"/>), which a native network reads instead of computing them from 224 pixels.</item>
/// </list>
/// Training runs the same bytes through ONNX Runtime, so training and the zip see the same numbers.
/// </summary>
public static class FilmGraph
{
    public const string InputName = "FilmPixels";
    public const string EnergiesName = "WaveletEnergies";

    public static byte[] Build(FilmResolution resolution)
    {
        ArgumentNullException.ThrowIfNull(resolution);
        if (!resolution.IsNative)
        {
            throw new ArgumentException("a 224 grid needs no film graph: it is the backbone's input.");
        }
        int side = resolution.Side,
            cells = RadiographNetwork.AttentionSide;
        long block = resolution.Downscale;
        var graph = new OnnxGraphBuilder($"osteoml_film_{side}");
        graph.Input(InputName, null, 3, side, side);
        graph.Output(RadiographCatalog.PixelsColumn, null, 3, FilmResolution.Backbone, FilmResolution.Backbone);
        graph.Output(EnergiesName, null, resolution.WaveletMaps, cells, cells);
        graph.Node(
            "AveragePool",
            [InputName],
            ["block_means"],
            ("kernel_shape", new[] { block, block }),
            ("strides", new[] { block, block })
        );
        // Whole gray levels (half to even), as a decoded 8-bit film has: training keeps the 224 films as bytes, so the
        // network trains on exactly the pixels the zip computes.
        graph.Node("Round", ["block_means"], [RadiographCatalog.PixelsColumn]);
        WaveletEnergyNodes.Add(graph, InputName, side, resolution.WaveletLevels, EnergiesName);
        return graph.ToModelBytes();
    }
}
