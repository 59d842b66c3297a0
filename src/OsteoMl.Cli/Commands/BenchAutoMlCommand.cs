using System.Globalization;
using System.Text.Json;
using OsteoMl.AutoML;
using OsteoMl.Common;
using OsteoMl.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

/// <summary>
/// <c>osteoml bench automl</c>: best CV score per tuner and time budget vs untuned baselines, on one table.
/// </summary>
public sealed class BenchAutoMlCommand(IAnsiConsole console) : Command<BenchAutoMlSettings>
{
    public override int Execute(
        CommandContext context,
        BenchAutoMlSettings settings,
        CancellationToken cancellationToken
    )
    {
        var options = settings.ToCohortOptions(requireLabel: true) with { RequireImages = false };
        Cohort cohort = CohortReader.Read(settings.Data, options);
        var seeds = Enumerable.Range(1, settings.Seeds).ToArray();
        double total = settings.BudgetList.Sum() * seeds.Length * settings.TunerList.Count;
        console.MarkupParts(
            $"[bold]OsteoMl bench automl[/] {Path.GetFileName(cohort.Source)}: {cohort.Count} rows, ",
            $"{cohort.Columns.Count} features; about {total / 60:0} min of searching"
        );

        var result = TunerBenchmark.Run(
            cohort,
            settings.TunerList,
            settings.BudgetList,
            seeds,
            progress: new OsteoMl.Common.InlineProgress<string>(line =>
                console.MarkupLineInterpolated($"[grey]{line}[/]")
            ),
            cancellationToken: cancellationToken
        );

        string metric = ObjectiveScores.Label(result.Metric);
        var table = new Table()
            .Title(
                Markup.Escape(
                    $"{result.Data}: best {result.Folds}-fold CV {metric} (mean over {seeds.Length} seeds; min–max)"
                )
            )
            .AddColumn("Budget");
        foreach (string tuner in settings.TunerList)
        {
            table.AddColumn(tuner);
        }
        foreach (double budget in settings.BudgetList)
        {
            var cells = new List<string> { $"{budget:0} s" };
            foreach (string tuner in settings.TunerList)
            {
                var runs = result.Searches.Where(s => s.Tuner == tuner && s.BudgetSeconds == budget).ToArray();
                cells.Add(
                    Markup.Escape(
                        $"{runs.Average(r => r.BestScore):0.0000} "
                            + $"({runs.Min(r => r.BestScore):0.0000}–{runs.Max(r => r.BestScore):0.0000}), "
                            + $"{runs.Average(r => r.Trials):0} trials"
                    )
                );
            }
            table.AddRow(cells.ToArray());
        }
        foreach (var group in result.Baselines.GroupBy(b => b.Name))
        {
            table.AddRow([
                Markup.Escape(group.Key),
                .. settings.TunerList.Select(
                    (_, i) =>
                        i == 0
                            ? Markup.Escape(
                                $"{group.Average(b => b.Score):0.0000} in {group.Average(b => b.Seconds):0.0} s"
                            )
                            : ""
                ),
            ]);
        }
        console.Write(table);
        if (settings.Out is { } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(
                path,
                JsonSerializer.Serialize(
                    result,
                    new JsonSerializerOptions(TrialLog.JsonOptions) { WriteIndented = true }
                )
            );
            console.MarkupLineInterpolated($"Results: {path}");
        }
        return 0;
    }
}
