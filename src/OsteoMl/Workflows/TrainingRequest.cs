using OsteoMl.Data;

namespace OsteoMl.Workflows;

/// <summary>
/// Everything <see cref="OsteoMlTrainer"/> needs for one run. Null search settings fall back to the pipeline config.
/// </summary>
public sealed record TrainingRequest
{
    public required string DataPath { get; init; }
    public required string OutputModelPath { get; init; }
    public string RunsDirectory { get; init; } = "runs";
    public int Seed { get; init; } = 42;
    public PipelineConfig Config { get; init; } = new();

    /// <summary>The file <see cref="Config"/> was read from (null: built in code), recorded in run.json.</summary>
    public string? PipelinePath { get; init; }

    /// <summary>The CLI's <c>--no-refit</c>, already applied to <see cref="Config"/>; recorded in run.json.</summary>
    public bool NoRefit { get; init; }
    public CohortOptions Cohort { get; init; } = new();

    /// <summary>Where the ResNet18 ONNX files are; null means next to the running app.</summary>
    public string? ImageModelFolder { get; init; }

    /// <summary>
    /// Where training runs the CNN (resolved: a CUDA device here is known to work). The zip never records it.
    /// </summary>
    public OsteoMl.Imaging.ComputeDevice Device { get; init; } = OsteoMl.Imaging.ComputeDevice.Cpu;

    /// <summary>
    /// What of the image network is trained (default <see cref="OsteoMl.Imaging.FineTuneModes.Default"/>, as the CLI's
    /// <c>--fine-tune</c>); <see cref="OsteoMl.Imaging.FineTuneMode.None"/> keeps the frozen ResNet18 embedding and
    /// needs
    /// no <see cref="NetworkTrainer"/>. Ignored for tabular-only runs.
    /// </summary>
    public OsteoMl.Imaging.FineTuneMode FineTune { get; init; } = OsteoMl.Imaging.FineTuneModes.Default;

    /// <summary>
    /// Trains the image network (OsteoMl.Training's TorchSharp trainer); required unless <see cref="FineTune"/> is
    /// None.
    /// </summary>
    public OsteoMl.Imaging.IRadiographNetworkTrainer? NetworkTrainer { get; init; }

    /// <summary>Tabular-only: ignore images, search and save the clinical model alone.</summary>
    public bool NoImages { get; init; }

    public string? Tuner { get; init; }
    public string? Metric { get; init; }
    public int? MaxTrials { get; init; }
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>Trainer names to search (null: the config's list).</summary>
    public IReadOnlyList<string>? Trainers { get; init; }

    /// <summary>How thresholds are chosen on the validation split.</summary>
    public OsteoMl.Evaluation.OperatingPoint OperatingPoint { get; init; } = OsteoMl.Evaluation.OperatingPoint.Youden;

    /// <summary>0: DeLong intervals for AUCs; otherwise a stratified bootstrap with this many replicates.</summary>
    public int BootstrapReplicates { get; init; }

    /// <summary>A recalibration of the fused probability fitted on validation, reported on test (null: none).</summary>
    public OsteoMl.Evaluation.RecalibrationMethod? Recalibration { get; init; }

    /// <summary>
    /// A run folder to continue: its seed, tuner, metric, folds and trainers are reused; its data must match.
    /// </summary>
    public string? ResumeDirectory { get; init; }
}
