using OsteoMl.Simulation;
using SkiaSharp;

namespace OsteoMl.Tests.Training;

/// <summary>
/// SYNTHETIC cohorts with films larger than the 224 grid: each simulated 256 film doubled to 512 with pixel noise the
/// 256 film cannot hold, written over the original.
/// </summary>
internal static class NativeGridFilms
{
    public static void Generate(string folder, int patients, int seed)
    {
        CohortSimulator.Generate(folder, patients, seed, SiteProfile.A);
        var random = new Random(seed);
        foreach (string path in Directory.GetFiles(Path.Combine(folder, "images"), "*.png").Order())
        {
            using var bitmap = SKBitmap.Decode(path);
            int side = bitmap.Width;
            var fine = new byte[4 * side * side];
            for (int y = 0; y < 2 * side; y++)
            {
                for (int x = 0; x < 2 * side; x++)
                {
                    byte gray = bitmap.GetPixel(x / 2, y / 2).Red;
                    fine[y * 2 * side + x] = (byte)Math.Clamp(gray + random.Next(-12, 13), 0, 255);
                }
            }
            OsteoMl.Dicom.RadiographFile.WritePng(path, fine, 2 * side, 2 * side);
        }
    }
}
