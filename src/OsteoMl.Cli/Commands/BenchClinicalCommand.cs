using System.Globalization;
using OsteoMl.Workflows;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

/// <summary>
/// <c>osteoml bench clinical</c>: the clinical AutoML's holdout AUC on public tables against two untuned baselines.
/// </summary>
public sealed class BenchClinicalCommand(IAnsiConsole console) : Command<BenchClinicalSettings>
{
    public override int Execute(
        CommandContext context,
        BenchClinicalSettings settings,
        CancellationToken cancellationToken
    )
    {
        var tables = BenchmarkTable.ReadList(settings.Tables);
        var config = PipelineConfig.Load(settings.PipelinePath);
        var budget = TimeSpan.FromSeconds(settings.TimeBudget);
        console.MarkupLineInterpolated(
            $"[bold]OsteoMl bench clinical[/] {tables.Count} tables × {settings.Splits} splits, {budget.TotalSeconds:0} s each"
        );
        var progress = new Common.InlineProgress<string>(line => console.WriteLine(line));
        var scores = HoldoutBenchmark.Run(
            tables,
            config,
            Enumerable.Range(settings.FirstSplit, settings.Splits).ToArray(),
            budget,
            settings.Seed,
            progress,
            cancellationToken
        );
        var summary = HoldoutSummary.Of(scores);
        string description = string.Create(
            CultureInfo.InvariantCulture,
            $"Holdout AUC: `train --no-images --time-budget {budget.TotalSeconds:0} --seed {settings.Seed}` on a stratified 70 % "
                + $"of each table (split seeds {settings.FirstSplit}–{settings.FirstSplit + settings.Splits - 1}), scored on the other 30 %; baselines fitted on the same 70 %."
        );
        summary.Write(settings.Out, description);
        console.WriteLine(summary.Markdown(description));
        console.MarkupLineInterpolated($"Results: [green]{Path.GetFullPath(settings.Out)}[/] (and .md)");
        return 0;
    }
}
