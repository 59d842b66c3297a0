using OsteoMl.AutoML;
using OsteoMl.Common;
using OsteoMl.Reporting;
using OsteoMl.Workflows;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

/// <summary>
/// <c>osteoml train</c>: one run of the pipeline — AutoML search, stack, evaluation — one model zip, one run folder.
/// Ctrl+C during the search stops it and finishes with the best trials so far; a second Ctrl+C (or SIGTERM)
/// aborts without writing a model and says where the finished trials are.
/// </summary>
public sealed class TrainCommand(IAnsiConsole console, Interruption interruption) : Command<TrainSettings>
{
    public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        string data = settings.Data
            ?? (settings.Resume is { } resume ? RunManifest.Read(resume).DataPath : "sample-data");
        var request = new TrainingRequest
        {
            DataPath = data,
            OutputModelPath = settings.Out,
            RunsDirectory = settings.Runs,
            Seed = settings.Seed,
            Config = PipelineConfig.Load(settings.PipelinePath),
            Cohort = settings.ToCohortOptions(requireLabel: true),
            NoImages = settings.NoImages,
            FineTune = settings.NoImages ? OsteoMl.Imaging.FineTuneMode.None : settings.ParsedFineTune!.Value,
            NetworkTrainer = new OsteoMl.Training.FineTuning.RadiographNetworkTrainer(),
            Tuner = settings.Tuner,
            Metric = settings.Metric,
            MaxTrials = settings.MaxTrials,
            TimeBudget = settings.TimeBudget is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Trainers = settings.TrainerList,
            ResumeDirectory = settings.Resume,
            Device = settings.NoImages ? OsteoMl.Imaging.ComputeDevice.Cpu : DeviceOption.Resolve(settings.Device, console),
            OperatingPoint = settings.ParsedOperatingPoint,
            BootstrapReplicates = settings.Bootstrap,
            Recalibration = OsteoMl.Evaluation.Recalibrator.TryParseMethod(settings.Recalibrate, out var recalibration) ? recalibration : null,
        };
        console.MarkupLineInterpolated($"[bold]OsteoMl train[/] data={data} seed={settings.Seed} pipeline={settings.PipelinePath}{(settings.NoImages ? " (tabular only)" : "")}{(settings.Resume is null ? "" : $" resume={settings.Resume}")}");
        using var stopRegistration = cancellationToken.Register(() =>
            console.MarkupLine("[yellow]Stopping the search; finishing with the best trials so far (Ctrl+C again to abort without saving).[/]"));
        using var abortRegistration = interruption.Abort.Register(() =>
            console.MarkupLine("[yellow]Aborting; no model will be written.[/]"));

        TrainingResult result = null!;
        console.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                ProgressTask? current = null;
                string? stage = null;
                var progress = new InlineProgress<TrainingProgress>(p =>
                {
                    if (current is null || stage != p.Stage)
                    {
                        if (current is not null)
                        {
                            current.Value = current.MaxValue;
                            current.StopTask();
                        }
                        stage = p.Stage;
                        current = ctx.AddTask(Markup.Escape(p.Stage), maxValue: Math.Max(1, p.Total));
                    }
                    if (p.Detail is not null)
                    {
                        current.Description = Markup.Escape($"{p.Stage}: {p.Detail}");
                    }
                    current.Value = p.Total > 0 ? p.Done : 0;
                });
                result = OsteoMlTrainer.Train(request, progress, cancellationToken, interruption.Abort);
                if (current is not null)
                {
                    current.Value = current.MaxValue;
                    current.StopTask();
                }
            });

        foreach (var (stage, search) in result.Searches)
        {
            console.MarkupLineInterpolated($"Search [bold]{stage}[/]: {search.Trials.Count} trials ({search.StopReason}); best {search.Best?.Parameters.ToString() ?? "none"} CV {ObjectiveScores.Label(result.Metric)} {search.Best?.Mean:0.000}");
        }
        console.Write(ResultTable.Build(result.Test,
            $"Held-out test set: {result.Split.Test.Patients} patients, {result.Split.Test.Rows} radiographs, {result.Split.Test.Positives} positive",
            $"Thresholds: {result.OperatingPoint} on validation (learned models), published cut-offs (tools). Percentages with Wilson 95% CIs; rows are radiographs."));
        if (ResultTable.SkippedLine(result.Test) is { Length: > 0 } skipped)
        {
            console.MarkupLineInterpolated($"[grey]{skipped}[/]");
        }
        foreach (var network in result.ImageNetworks)
        {
            console.MarkupLineInterpolated($"Image network [bold]{network.Variant}[/] (--fine-tune {network.Mode}): best validation AUC {network.BestValidationAuc:0.000} at epoch {network.BestEpoch}/{network.Epochs}, {network.ImagesPerSecond:0} films/s trained, {network.DurationSeconds:0} s{(network.Saved ? " · in the model" : "")}");
        }
        if (result.Ablation.Count > 0)
        {
            console.MarkupLineInterpolated($"Image ablation, test AUC (95% CI): {string.Join(" · ", result.Ablation.Select(a => $"{a.Key} {a.Value.Test.Auc:0.000} ({a.Value.Test.Low:0.000}–{a.Value.Test.High:0.000}){(result.AblationVersusBackbone.TryGetValue(a.Key, out var t) ? $" P={t.P:0.000} vs backbone" : "")}"))}");
        }
        console.MarkupLineInterpolated($"Model: [green]{result.ModelPath}[/]");
        console.MarkupLineInterpolated($"Run: {result.RunDirectory}  (metrics.json, trials.jsonl; leaderboard: osteoml trials {result.RunDirectory})  {result.Duration.TotalSeconds:F0} s");
        return 0;
    }
}
