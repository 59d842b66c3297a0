using OsteoMl.Cli;
using Spectre.Console;
using Spectre.Console.Cli;
using OsteoMl.Pipeline;

namespace OsteoMl.Cli.Commands;

/// <summary><c>osteoml train</c>: one run of the pipeline, one model zip, one metrics.json.</summary>
public sealed class TrainCommand(IAnsiConsole console) : Command<TrainSettings>
{
    public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        var request = new TrainingRequest
        {
            DataPath = settings.Data,
            OutputModelPath = settings.Out,
            RunsDirectory = settings.Runs,
            Seed = settings.Seed,
            Config = PipelineConfig.Load(settings.PipelinePath),
            Cohort = settings.ToCohortOptions(requireLabel: true),
        };
        console.MarkupLineInterpolated($"[bold]OsteoMl train[/] data={settings.Data} seed={settings.Seed} pipeline={settings.PipelinePath}");

        TrainingResult result = null!;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                ProgressTask? current = null;
                var progress = new SynchronousProgress<TrainingProgress>(p =>
                {
                    if (current is null || current.Description != p.Stage)
                    {
                        current?.StopTask();
                        current = ctx.AddTask(p.Stage, maxValue: Math.Max(1, p.Total));
                    }
                    current.Value = p.Total > 0 ? p.Done : 0;
                });
                result = OsteoMlTrainer.Train(request, progress, cancellationToken);
                if (current is not null)
                {
                    current.Value = current.MaxValue;
                    current.StopTask();
                }
            });

        console.Write(ResultTable.Build(result));
        console.MarkupLineInterpolated($"Model: [green]{result.ModelPath}[/]");
        console.MarkupLineInterpolated($"Metrics: {Path.Combine(result.RunDirectory, "metrics.json")}  ({result.Duration.TotalSeconds:F0} s)");
        return 0;
    }
}
