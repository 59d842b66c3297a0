using System.Globalization;
using System.Text.Json;
using OsteoMl.Workflows;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

/// <summary>
/// <c>osteoml bench perf</c>: featurizer throughput by path, predict latency, train time, peak memory.
/// </summary>
public sealed class BenchPerfCommand(IAnsiConsole console) : Command<BenchPerfSettings>
{
    public override int Execute(CommandContext context, BenchPerfSettings settings, CancellationToken cancellationToken)
    {
        console.MarkupParts(
            $"[bold]OsteoMl bench perf[/] {settings.Images} films from {settings.Data}, ",
            $"{Environment.ProcessorCount} cores"
        );
        var result = PerformanceBenchmark.Run(
            settings.Data,
            settings.Images,
            settings.Model,
            settings.NoTrain ? null : settings.Data,
            line => console.MarkupLineInterpolated($"[grey]{line}[/]"),
            DeviceOption.Resolve(settings.Device, console),
            new OsteoMl.Training.FineTuning.RadiographNetworkTrainer()
        );

        double stock = result.ImagesPerSecond["mlnet_pipeline_batch1"];
        var table = new Table()
            .Title(Markup.Escape($"{result.Images} films, same process, {result.Cores} cores"))
            .AddColumns("Measure", "Value", "vs ML.NET pipeline");
        foreach (var (name, rate) in result.ImagesPerSecond)
        {
            table.AddRow(
                Markup.Escape(name),
                $"{rate:0.0} images/s",
                (rate / stock).ToString("0.00×", CultureInfo.InvariantCulture)
            );
        }
        if (result.PredictLatencyP50Ms is { } p50)
        {
            table.AddRow(
                "predict latency (1 patient, zip)",
                $"p50 {p50:0} ms, p95 {result.PredictLatencyP95Ms:0} ms",
                ""
            );
        }
        if (result.TrainSeconds is { } train)
        {
            table.AddRow("train (default pipeline)", $"{train:0} s", "");
        }
        table.AddRow("peak working set", $"{result.PeakWorkingSetMiB:0} MiB", "");
        console.Write(table);
        if (settings.Out is { } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(
                path,
                JsonSerializer.Serialize(
                    result,
                    new JsonSerializerOptions(OsteoMl.AutoML.TrialLog.JsonOptions) { WriteIndented = true }
                )
            );
        }
        return 0;
    }
}
