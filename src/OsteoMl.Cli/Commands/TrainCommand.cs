using OsteoMl.AutoML;
using OsteoMl.Common;
using OsteoMl.Evaluation;
using OsteoMl.Imaging;
using OsteoMl.Reporting;
using OsteoMl.Training.FineTuning;
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
        TrainingRequest request = CreateRequest(settings);
        string resumeNote = settings.Resume is null ? "" : $" resume={settings.Resume}";
        string tabular = settings.NoImages ? " (tabular only)" : "";
        console.MarkupLine(
            "[bold]OsteoMl train[/] "
                + Markup.Escape(
                    $"data={request.DataPath} seed={settings.Seed} "
                        + $"pipeline={settings.PipelinePath}{tabular}{resumeNote}"
                )
        );
        // SIGTERM cancels both tokens, abort first: then only the abort is announced.
        using var stopRegistration = cancellationToken.Register(() =>
        {
            if (!interruption.Abort.IsCancellationRequested)
            {
                console.MarkupLine(
                    "[yellow]Stopping the search; finishing with the best trials so far (Ctrl+C again to abort "
                        + "without saving).[/]"
                );
            }
        });
        using var abortRegistration = interruption.Abort.Register(() =>
            console.MarkupLine("[yellow]Aborting; no model will be written.[/]")
        );

        TrainingResult result = TrainWithProgress(request, cancellationToken);
        WriteSummary(result);
        return 0;
    }

    private TrainingRequest CreateRequest(TrainSettings settings) =>
        new()
        {
            DataPath =
                settings.Data ?? (settings.Resume is { } resume ? RunManifest.Read(resume).DataPath : "sample-data"),
            OutputModelPath = settings.Out,
            RunsDirectory = settings.Runs,
            Seed = settings.Seed,
            Config =
                PipelineConfig.Load(settings.PipelinePath) is var config && settings.NoRefit
                    ? config with
                    {
                        RefitOnAllRows = false,
                    }
                    : config,
            Cohort = settings.ToCohortOptions(requireLabel: true),
            NoImages = settings.NoImages,
            FineTune = settings.NoImages ? FineTuneMode.None : settings.ParsedFineTune!.Value,
            NetworkTrainer = new RadiographNetworkTrainer(),
            Tuner = settings.Tuner,
            Metric = settings.Metric,
            MaxTrials = settings.MaxTrials,
            TimeBudget = settings.TimeBudget is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Trainers = settings.TrainerList,
            ResumeDirectory = settings.Resume,
            Device = settings.NoImages ? ComputeDevice.Cpu : DeviceOption.Resolve(settings.Device, console),
            OperatingPoint = settings.ParsedOperatingPoint,
            BootstrapReplicates = settings.Bootstrap,
            Recalibration = Recalibrator.TryParseMethod(settings.Recalibrate, out var method) ? method : null,
        };

    /// <summary>
    /// Runs the workflow under a progress display with one bar per stage, each closed when the next begins.
    /// </summary>
    private TrainingResult TrainWithProgress(TrainingRequest request, CancellationToken cancellationToken)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            return TrainWithStageLines(request, cancellationToken);
        }
        TrainingResult result = null!;
        console
            .Progress()
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new PercentageColumn(),
                new ElapsedTimeColumn()
            )
            .Start(ctx =>
            {
                ProgressTask? current = null;
                string? stage = null;
                var progress = new InlineProgress<TrainingProgress>(p =>
                {
                    if (current is null || stage != p.Stage)
                    {
                        Finish(current);
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
                Finish(current);
            });
        return result;
    }

    /// <summary>
    /// Output that is not a terminal (a file, a CI log) gets one line per stage as it starts, and the last detail of
    /// a stage that reported any (a search's trials and best score) as it ends: no bars, no percentages that never
    /// move.
    /// </summary>
    private TrainingResult TrainWithStageLines(TrainingRequest request, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string? stage = null,
            detail = null;
        void EndStage()
        {
            if (detail is not null)
            {
                console.WriteLine($"  {detail}");
            }
            detail = null;
        }
        var progress = new InlineProgress<TrainingProgress>(p =>
        {
            if (stage != p.Stage)
            {
                EndStage();
                stage = p.Stage;
                console.WriteLine($"[{clock.Elapsed:mm\\:ss}] {p.Stage}");
            }
            detail = p.Detail ?? detail;
        });
        var result = OsteoMlTrainer.Train(request, progress, cancellationToken, interruption.Abort);
        EndStage();
        return result;
    }

    private static void Finish(ProgressTask? task)
    {
        if (task is not null)
        {
            task.Value = task.MaxValue;
            task.StopTask();
        }
    }

    private void WriteSummary(TrainingResult result)
    {
        // Repeated after the stage lines: a leak makes every number below meaningless.
        foreach (var leak in result.LabelLeaks)
        {
            console.MarkupLineInterpolated($"[yellow]Warning: {leak.Message}[/]");
        }
        string metric = ObjectiveScores.Label(result.Metric);
        foreach (var (stage, search) in result.Searches)
        {
            string best = $"best {search.Best?.Parameters.ToString() ?? "none"} CV {metric} {search.Best?.Mean:0.000}";
            console.MarkupLineInterpolated(
                $"Search [bold]{stage}[/]: {search.Trials.Count} trials ({search.StopReason}); {best}"
            );
        }
        var test = result.Split.Test;
        console.Write(
            ResultTable.Build(
                result.Test,
                $"Held-out test set: {test.Patients} patients, {test.Rows} radiographs, {test.Positives} positive",
                $"Thresholds: {result.OperatingPoint} on {result.ThresholdsChosenOn} (learned models), published cut-offs (tools). "
                    + "Percentages with Wilson 95% CIs; rows are radiographs."
            )
        );
        if (ResultTable.CeilingLine(result.Test) is { Length: > 0 } ceiling)
        {
            console.WriteLine(ceiling);
        }
        if (ResultTable.SkippedLine(result.Test) is { Length: > 0 } skipped)
        {
            console.MarkupLineInterpolated($"[grey]{skipped}[/]");
        }
        foreach (var n in result.ImageNetworks)
        {
            string detail =
                $"best validation AUC {n.BestValidationAuc:0.000} at epoch {n.BestEpoch}/{n.Epochs}, "
                + $"{n.ImagesPerSecond:0} films/s trained, {n.DurationSeconds:0} s{(n.Saved ? " · in the model" : "")}";
            console.MarkupLineInterpolated($"Image network [bold]{n.Variant}[/] (--fine-tune {n.Mode}): {detail}");
        }
        foreach (var d in result.DroppedImageNetworks)
        {
            console.MarkupLineInterpolated(
                $"[yellow]Image network {d.Variant} (--fine-tune {d.FineTune}) dropped: {d.Reason}[/]"
            );
        }
        if (result.Ablation.Count > 0)
        {
            var variants = result.Ablation.Select(a =>
            {
                var auc = a.Value.Test;
                string versus = result.AblationVersusBackbone.TryGetValue(a.Key, out var t)
                    ? $" P={t.P:0.000} vs backbone"
                    : "";
                return $"{a.Key} {auc.Auc:0.000} ({auc.Low:0.000}–{auc.High:0.000}){versus}";
            });
            console.MarkupLineInterpolated($"Image ablation, test AUC (95% CI): {string.Join(" · ", variants)}");
        }
        console.MarkupLineInterpolated($"Model: [green]{result.ModelPath}[/], fitted on {result.FittedOn}");
        console.WriteLine(
            $"Run: {result.RunDirectory}  (metrics.json, trials.jsonl; leaderboard: "
                + $"osteoml trials {result.RunDirectory})  {result.Duration.TotalSeconds:F0} s"
        );
    }
}
