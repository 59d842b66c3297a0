namespace OsteoMl.Imaging;

/// <summary>
/// The gradient-based wavelet features as a fixed-weight ONNX graph (built here, so it runs in ML.NET's
/// <c>ApplyOnnxModel</c> and travels inside the zip): gray film (channel 0 of the 0–255 planar pixels, /255) →
/// Sobel gradient magnitude √(gx² + gy²) → three levels of the 2-D Haar transform as 2 × 2 stride-2 convolutions →
/// log mean energy of every sub-band (LL, LH, HL, HH) per level: 12 features describing edge (cortical) and
/// texture (trabecular) content at 1/2, 1/4 and 1/8 scale. Nothing is learned here.
/// </summary>
public static class WaveletGraph
{
    public const string InputName = RadiographCatalog.PixelsColumn;
    public const string OutputName = "WaveletFeatures";
    public const int Levels = 3;
    public const int FeatureCount = 4 * Levels;

    public static byte[] Build()
    {
        var graph = new OnnxGraphBuilder("osteoml_gradient_wavelet");
        int size = RadiographCatalog.InputSize;
        graph.Input(InputName, 1, 3, size, size);
        graph.Output(OutputName, 1, FeatureCount);

        graph.Int64Constant("starts", 0);
        graph.Int64Constant("ends", 1);
        graph.Int64Constant("axes", 1);
        graph.Constant("scale", 1f / 255f);
        graph.Constant("epsilon", 1e-8f);
        graph.Node("Slice", [InputName, "starts", "ends", "axes"], ["gray255"]);
        graph.Node("Mul", ["gray255", "scale"], ["gray"]);

        // Sobel: two 3 × 3 filters, one output channel each.
        graph.Weights("sobel", [2, 1, 3, 3], Sobel);
        // No padding: a zero border would read as a strong edge all round the film.
        graph.Node("Conv", ["gray", "sobel"], ["gradients"]);
        graph.Node("Mul", ["gradients", "gradients"], ["squares"]);
        // At opset 13 ReduceSum takes its axes as an input, not an attribute.
        graph.Node("ReduceSum", ["squares", "axes"], ["squaredMagnitude"], ("keepdims", 1L));
        graph.Node("Sqrt", ["squaredMagnitude"], ["magnitude"]);

        graph.Weights("haar", [4, 1, 2, 2], Haar);
        string current = "magnitude";
        var energies = new List<string>();
        for (int level = 1; level <= Levels; level++)
        {
            string bands = $"bands{level}";
            graph.Node("Conv", [current, "haar"], [bands], ("strides", new long[] { 2, 2 }));
            graph.Node("Mul", [bands, bands], [$"power{level}"]);
            graph.Node(
                "ReduceMean",
                [$"power{level}"],
                [$"energy{level}"],
                ("axes", new long[] { 2, 3 }),
                ("keepdims", 0L)
            );
            graph.Node("Add", [$"energy{level}", "epsilon"], [$"energyPositive{level}"]);
            graph.Node("Log", [$"energyPositive{level}"], [$"logEnergy{level}"]);
            energies.Add($"logEnergy{level}");
            graph.Node("Slice", [bands, "starts", "ends", "axes"], [$"approximation{level}"]);
            current = $"approximation{level}";
        }
        graph.Node("Concat", [.. energies], [OutputName], ("axis", 1L));
        return graph.ToModelBytes();
    }

    /// <summary>Sobel x and y filters, [2, 1, 3, 3].</summary>
    public static readonly float[] Sobel = [-1, 0, 1, -2, 0, 2, -1, 0, 1, -1, -2, -1, 0, 0, 0, 1, 2, 1];

    /// <summary>Orthonormal Haar analysis filters LL, LH, HL, HH, [4, 1, 2, 2].</summary>
    public static readonly float[] Haar =
    [
        0.5f,
        0.5f,
        0.5f,
        0.5f,
        0.5f,
        0.5f,
        -0.5f,
        -0.5f,
        0.5f,
        -0.5f,
        0.5f,
        -0.5f,
        0.5f,
        -0.5f,
        -0.5f,
        0.5f,
    ];
}
