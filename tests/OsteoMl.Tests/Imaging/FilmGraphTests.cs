using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OsteoMl.Imaging;

namespace OsteoMl.Tests.Imaging;

/// <summary>
/// The graph a film meets on a grid finer than 224: its block means and its wavelet maps against a plain
/// double-precision computation of the documented equations.
/// </summary>
public sealed class FilmGraphTests
{
    [Theory]
    [InlineData(256, 224)]
    [InlineData(447, 224)]
    [InlineData(448, 448)]
    [InlineData(1024, 896)]
    [InlineData(2048, 896)]
    [InlineData(3000, 896)]
    public void Given_films_of_a_typical_side_When_choosing_the_grid_Then_it_is_the_largest_224_times_a_power_of_two_not_above_it_up_to_896(
        int typicalSide,
        int expected
    )
    {
        var grid = FilmResolution.ForFilms(typicalSide);

        Assert.Equal(expected, grid.Side);
        Assert.Equal(4 + (int)Math.Log2(expected / 224), grid.WaveletLevels);
    }

    [Theory]
    [InlineData(300)]
    [InlineData(672)]
    [InlineData(3584)]
    public void Given_a_side_that_is_not_224_times_a_power_of_two_up_to_1792_When_making_a_grid_Then_it_is_refused(
        int side
    )
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FilmResolution(side));
    }

    [Fact]
    public void Given_a_448_film_When_the_film_graph_runs_Then_its_224_pixels_are_rounded_block_means_and_its_maps_equal_the_reference()
    {
        var grid = new FilmResolution(448);
        int side = grid.Side;
        var random = new Random(7);
        // A textured film: smooth structure plus pixel noise, three equal planes as a grayscale film decodes.
        var gray = new float[side * side];
        for (int y = 0; y < side; y++)
        {
            for (int x = 0; x < side; x++)
            {
                gray[y * side + x] = MathF.Round(
                    Math.Clamp(128 + 60 * MathF.Sin(x / 9f) * MathF.Cos(y / 13f) + random.Next(-20, 21), 0, 255)
                );
            }
        }
        float[] planar = [.. gray, .. gray, .. gray];

        using var session = new InferenceSession(FilmGraph.Build(grid));
        var input = new DenseTensor<float>(planar, [1, 3, side, side]);
        using var outputs = session.Run([NamedOnnxValue.CreateFromTensor(FilmGraph.InputName, input)]);
        float[] pixels = [.. outputs.First(o => o.Name == RadiographCatalog.PixelsColumn).AsEnumerable<float>()];
        float[] maps = [.. outputs.First(o => o.Name == FilmGraph.EnergiesName).AsEnumerable<float>()];

        Assert.Equal(3 * 224 * 224, pixels.Length);
        double pixelError = 0;
        for (int y = 0; y < 224; y++)
        {
            for (int x = 0; x < 224; x++)
            {
                double mean = Math.Round(
                    (
                        gray[2 * y * side + 2 * x]
                        + gray[2 * y * side + 2 * x + 1]
                        + gray[(2 * y + 1) * side + 2 * x]
                        + gray[(2 * y + 1) * side + 2 * x + 1]
                    ) / 4.0,
                    MidpointRounding.ToEven
                );
                for (int plane = 0; plane < 3; plane++)
                {
                    pixelError = Math.Max(pixelError, Math.Abs(pixels[plane * 224 * 224 + y * 224 + x] - mean));
                }
            }
        }
        Assert.True(pixelError < 1e-4, $"block means off by {pixelError:E2}");

        double[] expected = ReferenceWaveletMaps(gray, side, grid.WaveletLevels);
        Assert.Equal(expected.Length, maps.Length);
        double mapError = expected.Select((e, i) => Math.Abs(e - maps[i])).Max();
        Assert.True(mapError < 1e-3, $"wavelet log-energies off by {mapError:E2}");
        Assert.True(maps.Max() - maps.Min() > 1, "the maps vary between scales and cells");
    }

    /// <summary>
    /// docs/image-network.md's maps in doubles: gray/255, edge-padded Sobel, √(gx² + gy² + ε), Haar levels (LL
    /// recursed) with LH, HL, HH details, each squared, averaged over the 7 × 7 cells, log(· + ε); level by level.
    /// </summary>
    private static double[] ReferenceWaveletMaps(float[] gray, int side, int levels)
    {
        const double epsilon = 1e-6;
        double At(int y, int x) => gray[Math.Clamp(y, 0, side - 1) * side + Math.Clamp(x, 0, side - 1)] / 255.0;
        var current = new double[side, side];
        for (int y = 0; y < side; y++)
        {
            for (int x = 0; x < side; x++)
            {
                double gx =
                    -At(y - 1, x - 1)
                    + At(y - 1, x + 1)
                    - 2 * At(y, x - 1)
                    + 2 * At(y, x + 1)
                    - At(y + 1, x - 1)
                    + At(y + 1, x + 1);
                double gy =
                    -At(y - 1, x - 1)
                    - 2 * At(y - 1, x)
                    - At(y - 1, x + 1)
                    + At(y + 1, x - 1)
                    + 2 * At(y + 1, x)
                    + At(y + 1, x + 1);
                current[y, x] = Math.Sqrt(gx * gx + gy * gy + epsilon);
            }
        }
        var maps = new List<double>();
        for (int level = 1, size = side / 2; level <= levels; level++, size /= 2)
        {
            var next = new double[size, size];
            var bands = new double[3][,];
            for (int b = 0; b < 3; b++)
            {
                bands[b] = new double[size, size];
            }
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    double a = current[2 * y, 2 * x],
                        b = current[2 * y, 2 * x + 1],
                        c = current[2 * y + 1, 2 * x],
                        d = current[2 * y + 1, 2 * x + 1];
                    next[y, x] = 0.5 * (a + b + c + d);
                    bands[0][y, x] = 0.5 * (a + b - c - d);
                    bands[1][y, x] = 0.5 * (a - b + c - d);
                    bands[2][y, x] = 0.5 * (a - b - c + d);
                }
            }
            int pool = size / 7;
            foreach (var band in bands)
            {
                for (int cy = 0; cy < 7; cy++)
                {
                    for (int cx = 0; cx < 7; cx++)
                    {
                        double sum = 0;
                        for (int y = cy * pool; y < (cy + 1) * pool; y++)
                        {
                            for (int x = cx * pool; x < (cx + 1) * pool; x++)
                            {
                                sum += band[y, x] * band[y, x];
                            }
                        }
                        maps.Add(Math.Log(sum / (pool * pool) + epsilon));
                    }
                }
            }
            current = next;
        }
        return [.. maps];
    }
}
