using OsteoMl.Cli;
using OsteoMl.Tests.AutoML;
using Spectre.Console.Testing;

namespace OsteoMl.Tests.Cli;

/// <summary>One quick tabular run (no images, three trials) that several output tests read: its CSV, zip and folder.</summary>
public sealed class TabularRunFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public TabularRunFixture()
    {
        Csv = TabularData.Write(_folder.File("table.csv"));
        Zip = _folder.File("model.zip");
        var console = new TestConsole();
        string runs = _folder.File("runs");
        string[] train =
        [
            "train",
            "--data",
            Csv,
            "--label",
            "outcome",
            "--no-images",
            "--max-trials",
            "3",
            "--out",
            Zip,
            "--runs",
            runs,
        ];
        Assert.True(CliApp.Run(train, console) == 0, console.Output);
        RunFolder = Assert.Single(Directory.GetDirectories(runs));
    }

    public string Csv { get; }

    public string Zip { get; }

    public string RunFolder { get; }

    public void Dispose() => _folder.Dispose();
}
