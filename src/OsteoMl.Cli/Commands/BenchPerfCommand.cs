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
            [settings.Model, .. settings.CompareModel is { } compare ? new[] { compare } : []],
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
        if (result.Int8 is { } int8)
        {
            table.AddRow(
                "int8 vs float embedding",
                $"max |Δ| {int8.MaxAbsEmbeddingDifference:0.000}, relative RMS {int8.EmbeddingRelativeRms:0.000}",
                $"{int8.ComparedFilms} films"
            );
            if (int8.OutOfFoldAuc is { } auc)
            {
                table.AddRow(
                    "head AUC out-of-fold, float vs int8",
                    $"{auc.AucA:0.000} vs {auc.AucB:0.000} (DeLong p {auc.P:0.000})",
                    ""
                );
            }
        }
        foreach (var latency in result.Latencies)
        {
            table.AddRow(
                Markup.Escape($"predict latency (1 patient): {latency.Model}"),
                $"p50 {latency.P50Ms:0} ms, p95 {latency.P95Ms:0} ms",
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
