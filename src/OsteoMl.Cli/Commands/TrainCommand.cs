using OsteoMl.AutoML;
using OsteoMl.Cli.Display;
using OsteoMl.Common;
using OsteoMl.Data;
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
/// Ctrl+C during a search cuts that search only (its best trials so far); a second Ctrl+C (or SIGTERM)
/// aborts without writing a model and says where the finished trials are.
/// </summary>
public sealed class TrainCommand(IAnsiConsole console, Interruption interruption) : Command<TrainSettings>
{
    public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        TrainingRequest request = CreateRequest(settings);
        string resumeNote = settings.Resume is null ? "" : $" resume={settings.Resume}";
        string tabular = request.NoImages ? " (tabular only)" : $" fine-tune={FineTuneModes.Name(request.FineTune)}";
        console.MarkupLine(
            "[bold]OsteoMl train[/] "
                + Markup.Escape(
                    $"data={request.DataPath} seed={request.Seed} out={request.OutputModelPath} "
                        + $"pipeline={request.PipelinePath}{tabular}{resumeNote}"
                )
        );
        // SIGTERM cancels both tokens, abort first: then only the abort is announced.
        using var stopRegistration = cancellationToken.Register(() =>
        {
            if (!interruption.Abort.IsCancellationRequested)
            {
                console.MarkupLine(
                    "[yellow]Stopping the search in progress; keeping its best trials, the later stages still run "
                        + "(Ctrl+C again to abort without saving).[/]"
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

    /// <summary>
    /// The request from the options; with --resume, every option not given is the resumed run's (its run.json), so
    /// the resume continues that run: the same zip, seed, config and image network. One given with another value is
    /// refused by the run folder (exit 2).
    /// </summary>
    private TrainingRequest CreateRequest(TrainSettings settings)
    {
        RunManifest? resumed = settings.Resume is { } resume ? RunManifest.Read(resume) : null;
        RunOptions? started = resumed?.Options;
        bool noImages = settings.NoImages || resumed is { UsesImages: false };
        bool noRefit = settings.NoRefit || started is { NoRefit: true };
        string pipeline = settings.Pipeline ?? started?.PipelinePath ?? PipelineOption.Resolve(null);
        var config = PipelineConfig.Load(pipeline);
        string fineTune = settings.FineTune ?? started?.FineTune ?? FineTuneModes.Name(FineTuneModes.Default);
        string operatingPoint = settings.OperatingPoint ?? started?.OperatingPoint ?? "youden";
        return new()
        {
            DataPath = settings.Data ?? resumed?.DataPath ?? "sample-data",
            OutputModelPath = settings.Out ?? ResumedOutput(resumed, settings.Resume) ?? DefaultOutput,
            RunsDirectory = settings.Runs,
            Seed = settings.Seed ?? resumed?.Seed ?? 42,
            Config = noRefit ? config with { RefitOnAllRows = false } : config,
            PipelinePath = pipeline,
            NoRefit = noRefit,
            Cohort = CohortOptions(settings, started),
            NoImages = noImages,
            FineTune = noImages ? FineTuneMode.None : FineTuneModes.Parse(fineTune)!.Value,
            NetworkTrainer = new RadiographNetworkTrainer(),
            Tuner = settings.Tuner,
            Metric = settings.Metric,
            MaxTrials = settings.MaxTrials,
            TimeBudget = settings.TimeBudget is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Trainers = settings.TrainerList,
            ResumeDirectory = settings.Resume,
            Device = noImages ? ComputeDevice.Cpu : DeviceOption.Resolve(settings.Device, console),
            OperatingPoint = OperatingPoint.TryParse(operatingPoint, out var point) ? point : OperatingPoint.Youden,
            BootstrapReplicates = settings.Bootstrap ?? started?.BootstrapReplicates ?? 0,
            Recalibration = Recalibrator.TryParseMethod(settings.Recalibrate ?? started?.Recalibration, out var method)
                ? method
                : null,
        };
    }

    /// <summary>
    /// The CSV's column options; a resume that gives none (all at their defaults) reads the CSV as its run did.
    /// </summary>
    private static CohortOptions CohortOptions(TrainSettings settings, RunOptions? started)
    {
        var given = settings.ToCohortOptions(requireLabel: true);
        var defaults = new TrainSettings().ToCohortOptions(requireLabel: true);
        bool noneGiven =
            System.Text.Json.JsonSerializer.Serialize(given) == System.Text.Json.JsonSerializer.Serialize(defaults);
        return noneGiven && started?.Cohort is { } run ? run : given;
    }

    private static readonly string DefaultOutput = Path.Combine("models", "osteoml.zip");

    /// <summary>
    /// The resumed run's zip. A run.json from before 0.5.1 did not record it: rather than guess (the default once
    /// overwrote an unrelated models/osteoml.zip), such a resume must name it.
    /// </summary>
    private static string? ResumedOutput(RunManifest? resumed, string? resume) =>
        resumed is null
            ? null
            : resumed.Options?.OutputModelPath
                ?? throw new RunFolderException(
                    "this run's run.json does not record its model zip (written before 0.5.1); resume with --out ZIP.",
                    resume!
                );

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
            .Columns(StageProgressLayout.Columns())
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

    /// <summary>
    /// What the run saved from a search's stage, and why: the best trial by mean fold score is not always what is
    /// saved (the clinical branch may be the reference logistic regression, the image branch the frozen backbone, the
    /// fusion rule the simplest one tied with the best).
    /// </summary>
    private static string? Saved(TrainingResult result, string stage) =>
        stage switch
        {
            "clinical" when result.ClinicalEnsemble is { } e => e.Rule.StartsWith("trial ", StringComparison.Ordinal)
                ? e.Rule
                : $"{result.ClinicalModel} ({e.Rule})",
            "clinical" => result.ClinicalModel,
            "image" => result.ImageSelection,
            "fusion" => result.Fusion,
            _ => null,
        };

    /// <summary>
    /// The decided probability's calibration on test, and how it was calibrated: users read p_fused as a risk, so a
    /// slope far from 1 is said here, not only in the report's table.
    /// </summary>
    private void WriteCalibration(TrainingResult result)
    {
        string decided = result.UsesImages ? "fused" : "clinical";
        if (!result.Test.Models.TryGetValue(decided, out var metrics) || metrics.Calibration is not { } c)
        {
            return;
        }
        string how = result.FusedCalibration is { Map: var m }
            ? $"calibrated on the training rows' out-of-fold predictions: σ({m.Intercept:0.###} + {m.Slope:0.###} · logit p)"
            : "not recalibrated";
        console.WriteLine(
            $"Calibration of p_{decided} on test: slope {c.Slope:0.00} (ideal 1), intercept {c.Intercept:0.00} "
                + $"(ideal 0), ECE {c.ExpectedCalibrationError:0.000}; {how}."
        );
        if (c.Slope is < 0.8 or > 1.25)
        {
            console.MarkupLine(
                "[yellow]The test calibration slope is outside 0.8–1.25: read p as a ranking, not a risk, and "
                    + "recalibrate on local labelled data (osteoml recalibrate) before quoting it as one.[/]"
            );
        }
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
            string best = search.Best is { } b
                ? $"best trial {b.Id} {b.Parameters} CV {metric} {b.Mean:0.000} (mean over folds)"
                : "no trial completed";
            console.MarkupLineInterpolated(
                $"Search [bold]{stage}[/]: {search.Trials.Count} trials ({search.StopReason}); {best}"
            );
            if (Saved(result, stage) is { } saved)
            {
                console.WriteLine($"  saved: {saved}");
            }
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
        WriteCalibration(result);
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
