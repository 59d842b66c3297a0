using System.Globalization;
using OsteoMl.Cli;
using OsteoMl.Tests.Workflows;
using Spectre.Console.Testing;

namespace OsteoMl.Tests.Serving;

/// <summary>
/// The fixture cohort's rows as <c>POST /predict</c> bodies (every CSV cell by its column name, empty cells null), and
/// what <c>osteoml predict</c> writes for them: the answers the service must give.
/// </summary>
internal sealed class PredictReference
{
    private PredictReference(IReadOnlyList<Dictionary<string, string?>> rows, IReadOnlyList<float[]> expected)
    {
        Rows = rows;
        Expected = expected;
    }

    public IReadOnlyList<Dictionary<string, string?>> Rows { get; }

    /// <summary>predict's p_image, p_clinical, p_fused, p_logistic, predicted, row by row (a patient may have several
    /// films).</summary>
    public IReadOnlyList<float[]> Expected { get; }

    public static PredictReference Of(TrainedModelFixture fixture, string model, string scratch)
    {
        string output = Path.Combine(scratch, "predictions.csv");
        var console = new TestConsole();
        int code = CliApp.Run(["predict", "--model", model, "--data", fixture.CsvPath, "--out", output], console);
        Assert.True(code == 0, console.Output);
        return new PredictReference(Bodies(fixture.CsvPath), Read(output));
    }

    public static void AssertSame(float[] expected, System.Text.Json.JsonElement answer)
    {
        string[] fields = ["p_image", "p_clinical", "p_fused", "p_logistic"];
        for (int i = 0; i < fields.Length; i++)
        {
            Assert.Equal(expected[i], answer.GetProperty(fields[i]).GetSingle(), 1e-6f);
        }
        Assert.Equal((int)expected[4], answer.GetProperty("predicted").GetInt32());
    }

    private static List<Dictionary<string, string?>> Bodies(string csv)
    {
        string[] lines = File.ReadAllLines(csv);
        string[] header = lines[0].Split(',');
        return
        [
            .. lines
                .Skip(1)
                .Select(line =>
                    header.Zip(line.Split(',')).ToDictionary(p => p.First, p => p.Second.Length == 0 ? null : p.Second)
                ),
        ];
    }

    private static List<float[]> Read(string csv)
    {
        string[] lines = File.ReadAllLines(csv);
        string[] header = lines[0].Split(',');
        int[] columns =
        [
            .. new[] { "p_image", "p_clinical", "p_fused", "p_logistic", "predicted" }.Select(c =>
                Array.IndexOf(header, c)
            ),
        ];
        return
        [
            .. lines
                .Skip(1)
                .Select(l => l.Split(','))
                .Select(cells => columns.Select(c => float.Parse(cells[c], CultureInfo.InvariantCulture)).ToArray()),
        ];
    }
}
