using OsteoMl.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli;

/// <summary>Builds the command tree; the console is injected so that tests can capture output.</summary>
public static class CliApp
{
    /// <summary>Each verb's settings, for the option spelling check (keys as typed: "train", "bench perf").</summary>
    private static readonly Dictionary<string, Type> VerbSettings = new(StringComparer.Ordinal)
    {
        ["train"] = typeof(TrainSettings),
        ["evaluate"] = typeof(EvaluateSettings),
        ["recalibrate"] = typeof(RecalibrateSettings),
        ["trials"] = typeof(TrialsSettings),
        ["predict"] = typeof(PredictSettings),
        ["bench automl"] = typeof(BenchAutoMlSettings),
        ["bench clinical"] = typeof(BenchClinicalSettings),
        ["bench perf"] = typeof(BenchPerfSettings),
        ["explain"] = typeof(ExplainSettings),
        ["inspect"] = typeof(InspectSettings),
        ["generate"] = typeof(GenerateSettings),
        ["pacs"] = typeof(PacsSettings),
        ["schema"] = typeof(SchemaSettings),
        ["serve"] = typeof(ServeSettings),
        ["codegen"] = typeof(CodegenSettings),
        ["monitor"] = typeof(MonitorSettings),
    };

    /// <summary>The informational version (e.g. 0.4.0+commit), as <c>osteoml --version</c> prints it.</summary>
    public static string Version =>
        typeof(CliApp).Assembly.GetCustomAttributes(
            typeof(System.Reflection.AssemblyInformationalVersionAttribute),
            false
        )
            is [System.Reflection.AssemblyInformationalVersionAttribute attribute, ..]
            ? attribute.InformationalVersion
            : typeof(CliApp).Assembly.GetName().Version?.ToString() ?? "unknown";

    private static string? MisspelledOption(string[] args)
    {
        int words = args.Length >= 2 && args[0] == "bench" ? 2 : 1;
        if (args.Length < words)
        {
            return null;
        }
        string verb = string.Join(' ', args[..words]);
        return VerbSettings.TryGetValue(verb, out var settings)
            ? OptionSpelling.Problem(verb, args[words..], settings)
            : null;
    }

    public static int Run(string[] args, IAnsiConsole console, Interruption? interruption = null)
    {
        interruption ??= new Interruption();
        CancellationToken cancellationToken = interruption.Stop;
        if (MisspelledOption(args) is { } problem)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {problem}");
            return ExitCodes.UserError;
        }
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.Settings.Registrar.RegisterInstance<IAnsiConsole>(console);
            config.Settings.Registrar.RegisterInstance(interruption);
            config.SetApplicationName("osteoml");
            config.SetApplicationVersion(Version);
            config.ConfigureConsole(console);
            config.PropagateExceptions();
            config.UseStrictParsing();
            config
                .AddCommand<TrainCommand>("train")
                .WithDescription(
                    "AutoML-search the clinical branch, image head and fusion by patient-grouped CV; stack; "
                        + "evaluate on test; save one ML.NET zip."
                )
                .WithExample("train")
                .WithExample("train", "--data", "my-cohort/cohort.csv", "--out", "models/my.zip", "--seed", "7")
                .WithExample("train", "--data", "table.csv", "--label", "outcome", "--no-images", "--time-budget", "60")
                .WithExample("train", "--resume", "runs/20261127-101500-seed42", "--max-trials", "80");
            config
                .AddCommand<EvaluateCommand>("evaluate")
                .WithDescription(
                    "External validation: evaluate a zip on a labelled cohort with its thresholds frozen; write "
                        + "metrics.json and report.html."
                )
                .WithExample(
                    "evaluate",
                    "--model",
                    "models/osteoml.zip",
                    "--data",
                    "cohort-b",
                    "--report",
                    "runs/site-b"
                );
            config
                .AddCommand<RecalibrateCommand>("recalibrate")
                .WithDescription(
                    "Local recalibration: fit the decided probability's intercept and slope on a labelled local "
                        + "sample, choose the threshold again (cross-validated by patient), save a new zip."
                )
                .WithExample(
                    "recalibrate",
                    "--model",
                    "models/osteoml.zip",
                    "--data",
                    "site-b",
                    "--out",
                    "models/osteoml-site-b.zip"
                );
            config
                .AddCommand<TrialsCommand>("trials")
                .WithDescription(
                    "Print the AutoML leaderboard of a run (default: the latest under runs/), or compare two runs."
                )
                .WithExample("trials")
                .WithExample("trials", "runs/20261127-101500-seed42")
                .WithExample("trials", "--compare", "runs/A", "runs/B");
            config
                .AddCommand<PredictCommand>("predict")
                .WithDescription("Score a CSV (+ images) with a model zip; write predictions.csv.")
                .WithExample(
                    "predict",
                    "--model",
                    "models/osteoml.zip",
                    "--data",
                    "sample-data",
                    "--out",
                    "predictions.csv"
                );
            config.AddBranch(
                "bench",
                bench =>
                {
                    bench.SetDescription("Benchmarks that anyone can rerun.");
                    bench
                        .AddCommand<BenchAutoMlCommand>("automl")
                        .WithDescription("Tuners vs untuned baselines: best CV AUC per time budget on a tabular CSV.")
                        .WithExample(
                            "bench",
                            "automl",
                            "--data",
                            "bench/data/pima.csv",
                            "--label",
                            "diabetes",
                            "--out",
                            "bench/results/pima.json"
                        );
                    bench
                        .AddCommand<BenchClinicalCommand>("clinical")
                        .WithDescription(
                            "Generalisation: train --no-images on 70 % of public tables; holdout AUC vs default "
                                + "logistic regression and LightGbm."
                        )
                        .WithExample(
                            "bench",
                            "clinical",
                            "--splits",
                            "3",
                            "--out",
                            "bench/results/clinical-holdout.json"
                        );
                    bench
                        .AddCommand<BenchPerfCommand>("perf")
                        .WithDescription(
                            "Featurizer images/s (ML.NET pipeline vs batched vs raw ONNX Runtime), predict latency, "
                                + "train time, peak memory."
                        )
                        .WithExample("bench", "perf", "--out", "bench/results/perf.json");
                }
            );
            config
                .AddCommand<ExplainCommand>("explain")
                .WithDescription(
                    "Per radiograph: the attention map over the film and an occlusion-sensitivity map (PNG), with "
                        + "the predicted probability."
                )
                .WithExample(
                    "explain",
                    "--model",
                    "models/osteoml.zip",
                    "--data",
                    "sample-data",
                    "--out",
                    "explain",
                    "--limit",
                    "8"
                );
            config
                .AddCommand<InspectCommand>("inspect")
                .WithDescription(
                    "Describe a radiograph (DICOM, PNG, JPEG) without patient fields; --out writes what the network "
                        + "sees."
                )
                .WithExample("inspect", "film.dcm", "--out", "film.png");
            config
                .AddCommand<SchemaCommand>("schema")
                .WithDescription(
                    "Print the columns an ML.NET app must give a model zip and those it gets back: types, missing "
                        + "values, categories seen at training, thresholds."
                )
                .WithExample("schema", "--model", "models/osteoml.zip")
                .WithExample("schema", "--model", "models/osteoml.zip", "--json");
            config
                .AddCommand<ServeCommand>("serve")
                .WithDescription(
                    "Serve a model zip over HTTP: POST /predict (JSON row or film upload), /health, /model, /metrics, "
                        + "OpenAPI; reloads when the zip is replaced."
                )
                .WithExample("serve", "--model", "models/osteoml.zip", "--images", "sample-data")
                .WithExample("serve", "--model", "models/osteoml.zip", "--urls", "http://0.0.0.0:5080");
            config
                .AddCommand<CodegenCommand>("codegen")
                .WithDescription(
                    "Write a small console project that scores a CSV with a model zip through ML.NET packages only, "
                        + "as predict does: typed input/output classes, exact package versions, a README."
                )
                .WithExample("codegen", "--model", "models/osteoml.zip", "--out", "osteoml-app");
            config
                .AddCommand<MonitorCommand>("monitor")
                .WithDescription(
                    "Drift monitoring: new patients (a cohort CSV, scored here, or a predict output) against the zip's "
                        + "training-time reference: PSI and chi-square of every input and score, flagged rate, and "
                        + "calibration and AUC where labels exist; alarms in monitor.json (exit 0 either way)."
                )
                .WithExample("monitor", "--model", "models/osteoml.zip", "--data", "cohort-b", "--out", "monitor.json")
                .WithExample("monitor", "--model", "models/osteoml.zip", "--data", "predictions.csv");
            config
                .AddCommand<PacsCommand>("pacs")
                .WithDescription(
                    "Screen new chest films as they arrive in an Orthanc PACS: score each eligible film, store a DICOM "
                        + "SR back, list every film in a worklist (not for ruling out osteoporosis)."
                )
                .WithExample("pacs", "--url", "http://127.0.0.1:8042", "--model", "models/osteoml.zip", "--once")
                .WithExample("pacs", "--url", "http://pacs:8042", "--credentials", "/etc/osteoml/pacs.cred");
            config
                .AddCommand<GenerateCommand>("generate")
                .WithDescription("Write a SYNTHETIC chest X-ray + clinical cohort (documented simulator).")
                .WithExample("generate", "--out", "cohort-b", "--patients", "1780", "--site", "B");
        });
        try
        {
            return app.Run(args, cancellationToken);
        }
        catch (OperationCanceledException e)
            when (cancellationToken.IsCancellationRequested || interruption.Abort.IsCancellationRequested)
        {
            string message = e
                is OsteoMl.Workflows.TrainingAbortedException
                    or OsteoMl.Workflows.ScoringStoppedException
                ? e.Message
                : "Cancelled; nothing was written.";
            console.MarkupLineInterpolated($"[yellow]{message}[/]");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (ExitCodes.IsUserError(e))
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.UserError;
        }
        catch (Exception e)
        {
            console.MarkupLineInterpolated($"[red]internal error:[/] {e.Message}");
            if (args.Contains("--verbose"))
            {
                console.WriteException(e);
            }
            else
            {
                console.MarkupLine("Run again with --verbose for the stack trace.");
            }
            return ExitCodes.InternalError;
        }
    }
}
