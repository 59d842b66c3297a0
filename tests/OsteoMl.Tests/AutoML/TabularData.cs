using System.Globalization;
using System.Text;

namespace OsteoMl.Tests.AutoML;

/// <summary>
/// A small binary-classification table made in code: signal in x1–x3 and a categorical, noise in x4, some missing
/// values, no id column.
/// </summary>
internal static class TabularData
{
    public static string Write(string path, int rows = 200, int seed = 5)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("x1,x2,x3,x4,group,outcome\n");
        for (int i = 0; i < rows; i++)
        {
            double x1 = Gaussian(random),
                x2 = Gaussian(random),
                x3 = Gaussian(random),
                x4 = Gaussian(random);
            string group = random.Next(3) switch
            {
                0 => "a",
                1 => "b",
                _ => "c",
            };
            double z = 1.2 * x1 - 0.8 * x2 + 0.6 * x1 * x3 + (group == "c" ? 0.8 : 0) - 0.3;
            bool label = random.NextDouble() < 1 / (1 + Math.Exp(-z));
            string Cell(double v) =>
                random.NextDouble() < 0.05 ? "" : v.ToString("0.###", CultureInfo.InvariantCulture);
            csv.Append(
                CultureInfo.InvariantCulture,
                $"{Cell(x1)},{Cell(x2)},{Cell(x3)},{Cell(x4)},{group},{(label ? "yes" : "no")}\n"
            );
        }
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
