namespace OsteoMl.Simulation;

/// <summary>
/// The size of a simulated film and its physical scale: a 43 cm detector (<see cref="FieldOfViewMm"/>) read out as
/// <see cref="Size"/> × <see cref="Size"/> pixels. 256 (1.68 mm pixels, 8-bit) is the simulator's original film and
/// stays its default; larger sizes, multiples of 256 up to 3072 (0.14 mm, what CR/DR chest detectors give), render
/// the same radiograph at a finer pixel spacing and 16 bits (docs/simulator.md, "Film size").
/// </summary>
public sealed record FilmGeometry
{
    /// <summary>The original 256 × 256 8-bit film, rendered exactly as before sizes existed.</summary>
    public const int DefaultSize = 256;

    /// <summary>The largest film: 3072 pixels a side, 0.14 mm pixels.</summary>
    public const int MaximumSize = 3072;

    /// <summary>The detector's width and height: 43 cm, the common chest cassette and flat panel.</summary>
    public const double FieldOfViewMm = 430;

    public FilmGeometry(int size)
    {
        if (!IsValidSize(size))
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, SizeRule);
        }
        Size = size;
    }

    /// <summary>The default 256 film.</summary>
    public static FilmGeometry Default { get; } = new(DefaultSize);

    /// <summary>Pixels a side.</summary>
    public int Size { get; }

    /// <summary>Size ÷ 256, a whole number: how many pixels of this film span one pixel of the 256 film.</summary>
    public int Scale => Size / DefaultSize;

    /// <summary>True for the 256 film, which keeps the original rendering byte for byte.</summary>
    public bool IsDefault => Size == DefaultSize;

    /// <summary>Bits per pixel of the PNG: 8 for the 256 film, 16 (as digital detectors give) above.</summary>
    public int BitDepth => IsDefault ? 8 : 16;

    /// <summary>Pixel spacing: 430 mm ÷ size (256: 1.68 mm, 1024: 0.42 mm, 2048: 0.21 mm).</summary>
    public double PixelSpacingMm => FieldOfViewMm / Size;

    /// <summary>Pixels per metre, rounded, as the PNG <c>pHYs</c> chunk states the spacing.</summary>
    public int PixelsPerMetre => (int)Math.Round(1000 / PixelSpacingMm);

    /// <summary>A length in millimetres as a whole number of this film's pixels, at least 1.</summary>
    public int Pixels(double millimetres) => Math.Max(1, (int)Math.Round(millimetres / PixelSpacingMm));

    /// <summary>What <see cref="IsValidSize"/> accepts, in words.</summary>
    public const string SizeRule = "a multiple of 256 from 256 to 3072";

    /// <summary>A multiple of 256 from 256 to 3072.</summary>
    public static bool IsValidSize(int size) => size is >= DefaultSize and <= MaximumSize && size % DefaultSize == 0;
}
