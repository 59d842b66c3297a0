using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

public sealed class TrainSettings : CohortSettings
{
    [CommandOption("--data <DIR|CSV>")]
    [Description(
        "Cohort CSV, or a folder holding cohort.csv. Default: the SYNTHETIC sample-data (with --resume: the resumed "
            + "run's data)."
    )]
    public string? Data { get; init; }

    [CommandOption("--out <ZIP>")]
    [Description(
        "Where to write the model zip; replaced only when training succeeds. Default: models/osteoml.zip (with "
            + "--resume: the resumed run's)."
    )]
    public string? Out { get; init; }

    [CommandOption("--seed <SEED>")]
    [Description("Seed for the split, folds and trainers. Default: 42 (with --resume: the resumed run's).")]
    public int? Seed { get; init; }

    [CommandOption("--pipeline <FILE>")]
    [Description(
        "Pipeline config (split, folds, branches, fusion). Default: pipelines/default.json here, else the copy "
            + "shipped with the app."
    )]
    public string? Pipeline { get; init; }

    [CommandOption("--no-images")]
    [Description(
        "Tabular-only: ignore images (no image column needed; no id column needed either, each row is then a "
            + "patient) and run the clinical AutoML alone."
    )]
    public bool NoImages { get; init; }

    [CommandOption("--no-refit")]
    [Description(
        "Tabular-only: save the model fitted on the training rows, which the test metrics describe, instead of "
            + "refitting it on every row after the evaluation (the pipeline config's refitOnAllRows, default true)."
    )]
    public bool NoRefit { get; init; }

    [CommandOption("--tuner <NAME>")]
    [Description(
        "AutoML tuner: cfo (cost-frugal local search with ECI learner selection) or random. Default: the pipeline "
            + "config's (cfo)."
    )]
    public string? Tuner { get; init; }

    [CommandOption("--metric <NAME>")]
    [Description("Cross-validation objective: auc, auprc or logloss. Default: the pipeline config's (auc).")]
    public string? Metric { get; init; }

    [CommandOption("--max-trials <N>")]
    [Description(
        "Stop the clinical search after N trials (a run with a trial limit and no time budget is reproducible)."
    )]
    public int? MaxTrials { get; init; }

    [CommandOption("--time-budget <SECONDS>")]
    [Description(
        "Stop the clinical search after this many seconds; the running trial is stopped. With neither limit given, "
            + "the config's apply (40 trials, 120 s)."
    )]
    public double? TimeBudget { get; init; }

    [CommandOption("--trainers <LIST>")]
    [Description(
        "Comma-separated trainers to search: LbfgsLogisticRegression, SdcaLogisticRegression, FastTree, LightGbm, "
            + "FastForest, FastTreeGam."
    )]
    public string? Trainers { get; init; }

    [CommandOption("--resume <RUN_DIR>")]
    [Description(
        "Continue an earlier run (e.g. after Ctrl+C): its data, seed, tuner, metric, trainers, --out, --pipeline, "
            + "--fine-tune and evaluation options; giving one of them another value is refused. Only --max-trials "
            + "and --time-budget may change."
    )]
    public string? Resume { get; init; }

    [CommandOption("--operating-point <RULE>")]
    [Description(
        "How thresholds are chosen on the validation split (tabular-only: on the pooled rows' out-of-fold "
            + "predictions): youden, sensitivity=0.90 or specificity=0.90. Default: youden."
    )]
    public string? OperatingPoint { get; init; }

    [CommandOption("--bootstrap <N>")]
    [Description("AUC intervals by stratified bootstrap with N replicates instead of DeLong (0, the default).")]
    public int? Bootstrap { get; init; }

    [CommandOption("--recalibrate <METHOD>")]
    [Description(
        "none, platt or isotonic: fit a recalibration of the fused probability on validation and report its "
            + "calibration on test."
    )]
    public string? Recalibrate { get; init; }

    [CommandOption("--runs <DIR>")]
    [Description("Folder for <run-id>/ (run.json, trials.jsonl, metrics.json).")]
    [DefaultValue("runs")]
    public string Runs { get; init; } = "runs";

    public IReadOnlyList<string>? TrainerList =>
        Trainers?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [CommandOption("--fine-tune <MODE>")]
    [Description(
        "Image network: none (frozen ResNet18 + logistic head), head (learn the wavelet-attention block on frozen "
            + "ResNet18; default), last-stage (also ResNet18's layer 4) or all (every weight, augmented pixels; "
            + "slow on a CPU). See docs/image-network.md."
    )]
    public string? FineTune { get; init; }

    [CommandOption("--device <DEVICE>")]
    [Description(DeviceOption.Description)]
    [DefaultValue("cpu")]
    public string Device { get; init; } = "cpu";

    public override ValidationResult Validate()
    {
        if (Seed is < 0)
        {
            return ValidationResult.Error("--seed must be 0 or more.");
        }
        if (Out is not null && !Out.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            return ValidationResult.Error($"--out must name a .zip file; got '{Out}'.");
        }
        if (!DeviceOption.Validate(Device).Successful)
        {
            return DeviceOption.Validate(Device);
        }
        if (OperatingPoint is not null && !OsteoMl.Evaluation.OperatingPoint.TryParse(OperatingPoint, out _))
        {
            return ValidationResult.Error(
                $"--operating-point must be youden, sensitivity=0.90 or specificity=0.90 (a target between 0 and "
                    + $"1); got '{OperatingPoint}'."
            );
        }
        if (FineTune is not null && OsteoMl.Imaging.FineTuneModes.Parse(FineTune) is null)
        {
            return ValidationResult.Error($"--fine-tune must be none, head, last-stage or all; got '{FineTune}'.");
        }
        if (Bootstrap is < 0 or > 100_000)
        {
            return ValidationResult.Error("--bootstrap must be between 0 (DeLong) and 100000 replicates.");
        }
        if (!OsteoMl.Evaluation.Recalibrator.TryParseMethod(Recalibrate, out _))
        {
            return ValidationResult.Error($"--recalibrate must be none, platt or isotonic; got '{Recalibrate}'.");
        }
        if (MaxTrials is < 1)
        {
            return ValidationResult.Error("--max-trials must be at least 1.");
        }
        if (TimeBudget is not null && !(TimeBudget > 0))
        {
            return ValidationResult.Error("--time-budget must be a positive number of seconds.");
        }
        if (Tuner is not null && OsteoMl.AutoML.Tuners.Parse(Tuner) is null)
        {
            return ValidationResult.Error($"--tuner: {OsteoMl.AutoML.Tuners.UnknownTunerMessage(Tuner)}");
        }
        if (Metric is not null && OsteoMl.AutoML.Tuners.ParseMetric(Metric) is null)
        {
            return ValidationResult.Error($"--metric: {OsteoMl.AutoML.Tuners.UnknownMetricMessage(Metric)}");
        }
        if (TrainerList?.FirstOrDefault(t => OsteoMl.AutoML.TrainerCatalog.Find(t) is null) is { } unknown)
        {
            return ValidationResult.Error($"--trainers: {OsteoMl.AutoML.TrainerCatalog.UnknownMessage(unknown)}");
        }
        if (Resume is not null && !File.Exists(Path.Combine(Resume, OsteoMl.AutoML.RunManifest.FileName)))
        {
            return ValidationResult.Error(
                $"--resume: '{Resume}' is not a run folder (no {OsteoMl.AutoML.RunManifest.FileName})."
            );
        }
        return base.Validate();
    }
}
