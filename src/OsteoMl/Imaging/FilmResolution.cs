namespace OsteoMl.Imaging;

/// <summary>
/// The square grid a film is decoded to before anything else sees it (<see cref="Side"/> pixels a side), and what the
/// gradient-wavelet maps are computed on. At <see cref="Backbone"/> (224) it is the backbone's own input, as in every
/// model before native-resolution wavelets. Above it (448, 896, 1792: 224 × 2^m), the wavelet maps see the film's fine
/// texture (level 1 at 1792 resolves 2 pixels of 0.24 mm on a 43 cm film, where the 224 grid's level 1 spans 3.8 mm),
/// and the backbone gets the same grid area-averaged down to 224 (one mean per m × m block: an anti-aliased resize,
/// where ML.NET's own resize to 224 picks the nearest pixel and aliases a large film's noise and texture).
/// </summary>
public sealed record FilmResolution
{
    /// <summary>ResNet18's input side: the grid of every model that predates native-resolution wavelets.</summary>
    public const int Backbone = RadiographCatalog.InputSize;

    /// <summary>The largest grid: 1792 pixels a side (a film's float planes are 38 MB there).</summary>
    public const int MaxSide = 8 * Backbone;

    /// <summary>Wavelet levels on the 224 grid: 2- to 16-pixel structure.</summary>
    public const int BaseLevels = 4;

    public FilmResolution(int side)
    {
        if (side < Backbone || side > MaxSide || side % Backbone != 0 || !IsPowerOfTwo(side / Backbone))
        {
            throw new ArgumentOutOfRangeException(
                nameof(side),
                side,
                $"a film grid is 224 × 2^m pixels a side, at most {MaxSide}: one of {string.Join(", ", Sides)}."
            );
        }
        Side = side;
    }

    /// <summary>The grids a model can use.</summary>
    public static IReadOnlyList<int> Sides { get; } = [224, 448, 896, 1792];

    public static FilmResolution Default { get; } = new(Backbone);

    public int Side { get; }

    /// <summary>Pixels of this grid per backbone pixel along each axis (1, 2, 4 or 8).</summary>
    public int Downscale => Side / Backbone;

    /// <summary>True above 224: the wavelet maps come from the finer grid and the backbone's input is averaged.</summary>
    public bool IsNative => Side > Backbone;

    /// <summary>
    /// Haar levels: the 224 grid's four (its 2- to 16-pixel structure, the same physical scales here) plus one finer
    /// level per doubling of the grid, so a finer grid adds scales and loses none.
    /// </summary>
    public int WaveletLevels => BaseLevels + System.Numerics.BitOperations.Log2((uint)Downscale);

    /// <summary>Three detail bands (LH, HL, HH) per level.</summary>
    public int WaveletMaps => 3 * WaveletLevels;

    /// <summary>
    /// The largest grid chosen from the films' sizes: 896. The 1792 grid is measured worse on the one cohort of 2048 ×
    /// 2048 films tried (seed 1212: saved image AUC 0.887 vs 0.888 at 896, fused 0.897 vs 0.902, peak memory 2.87 vs
    /// 1.49 GB, bench/results/image-branch-native-grid.md), so it is used only when a pipeline config asks for it.
    /// </summary>
    public const int AutomaticMaxSide = 4 * Backbone;

    /// <summary>
    /// The grid for films whose typical shorter side is <paramref name="typicalSide"/> pixels: the largest 224 × 2^m
    /// not above it (no film is upsampled to a finer grid than it has), 224 at least, <see cref="AutomaticMaxSide"/> at
    /// most. The shipped 256-pixel sample films get 224: the models of every earlier version.
    /// </summary>
    public static FilmResolution ForFilms(int typicalSide)
    {
        int side = Backbone;
        while (side * 2 <= Math.Min(typicalSide, AutomaticMaxSide))
        {
            side *= 2;
        }
        return new FilmResolution(side);
    }

    private static bool IsPowerOfTwo(int value) => value > 0 && (value & (value - 1)) == 0;

    public override string ToString() => $"{Side} × {Side}";
}
