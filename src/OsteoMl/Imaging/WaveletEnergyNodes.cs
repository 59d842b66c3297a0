namespace OsteoMl.Imaging;

/// <summary>
/// The gradient-wavelet energy maps as ONNX nodes, written once for both graphs that compute them: the exported
/// network on a 224 grid (<c>NetworkOnnxExporter</c>) and <see cref="FilmGraph"/> on a finer one. Gray = mean of the
/// three 0–255 planes / 255; Sobel with edge padding (no false edge at the border); magnitude √(gx² + gy² + ε); Haar
/// levels 1…L on the magnitude (LL recursed); every detail band (LH, HL, HH) squared and average-pooled to the 7 × 7
/// attention grid; log(· + ε). Output [N, 3L, 7, 7], maps ordered level by level. The TorchSharp twin is
/// <c>WaveletAttentionNetwork.WaveletEnergies</c>.
/// </summary>
public static class WaveletEnergyNodes
{
    /// <summary>ε under the square root and the logarithm (the network's own constant).</summary>
    public const float Epsilon = 1e-6f;

    /// <summary>
    /// Adds the nodes reading <paramref name="pixels"/> ([N, 3, side, side], 0–255) and writing
    /// <paramref name="output"/>; also defines the float constant <c>epsilon</c> for the rest of the graph.
    /// </summary>
    public static void Add(OnnxGraphBuilder graph, string pixels, int side, int levels, string output)
    {
        ArgumentNullException.ThrowIfNull(graph);
        graph.Constant("inverse_255", 1f / 255f);
        graph.Constant("epsilon", Epsilon);
        graph.Int64Constant("sobel_pads", 0, 0, 1, 1, 0, 0, 1, 1);
        graph.Weights("sobel", [2, 1, 3, 3], WaveletGraph.Sobel);
        graph.Weights("magnitude_sum", [1, 2, 1, 1], [1f, 1f]);
        graph.Weights("haar_approximation", [1, 1, 2, 2], WaveletGraph.Haar.AsSpan(0, 4));
        graph.Weights("haar_details", [3, 1, 2, 2], WaveletGraph.Haar.AsSpan(4));
        graph.Node("ReduceMean", [pixels], ["gray255"], ("axes", new long[] { 1 }), ("keepdims", 1L));
        graph.Node("Mul", ["gray255", "inverse_255"], ["gray"]);
        graph.Node("Pad", ["gray", "sobel_pads"], ["gray_padded"], ("mode", "edge"));
        graph.Node("Conv", ["gray_padded", "sobel"], ["gradients"]);
        graph.Node("Mul", ["gradients", "gradients"], ["gradient_squares"]);
        graph.Node("Conv", ["gradient_squares", "magnitude_sum"], ["squared_magnitude"]);
        graph.Node("Add", ["squared_magnitude", "epsilon"], ["squared_magnitude_positive"]);
        graph.Node("Sqrt", ["squared_magnitude_positive"], ["approximation0"]);
        var energies = new List<string>();
        for (int level = 1; level <= levels; level++)
        {
            long pool = PoolSize(side, level);
            string previous = $"approximation{level - 1}";
            graph.Node("Conv", [previous, "haar_details"], [$"details{level}"], ("strides", new long[] { 2, 2 }));
            graph.Node("Mul", [$"details{level}", $"details{level}"], [$"detail_power{level}"]);
            graph.Node(
                "AveragePool",
                [$"detail_power{level}"],
                [$"energy{level}"],
                ("kernel_shape", new[] { pool, pool }),
                ("strides", new[] { pool, pool })
            );
            graph.Node("Add", [$"energy{level}", "epsilon"], [$"energy_positive{level}"]);
            graph.Node("Log", [$"energy_positive{level}"], [$"log_energy{level}"]);
            if (level < levels)
            {
                graph.Node(
                    "Conv",
                    [previous, "haar_approximation"],
                    [$"approximation{level}"],
                    ("strides", new long[] { 2, 2 })
                );
            }
            energies.Add($"log_energy{level}");
        }
        graph.Node("Concat", [.. energies], [output], ("axis", 1L));
    }

    /// <summary>
    /// Side of the square that one attention cell covers in level <paramref name="level"/>'s bands of a
    /// <paramref name="side"/>-pixel grid.
    /// </summary>
    public static int PoolSize(int side, int level)
    {
        int band = side >> level;
        if (band % RadiographNetwork.AttentionSide != 0 || band < RadiographNetwork.AttentionSide)
        {
            throw new ArgumentOutOfRangeException(
                nameof(level),
                $"level {level} of a {side}-pixel grid does not pool evenly to {RadiographNetwork.AttentionSide} cells."
            );
        }
        return band / RadiographNetwork.AttentionSide;
    }
}
