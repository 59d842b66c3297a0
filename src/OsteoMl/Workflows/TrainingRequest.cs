using OsteoMl.Data;

namespace OsteoMl.Workflows;

/// <summary>Everything <see cref="OsteoMlTrainer"/> needs for one run. Null search settings fall back to the pipeline config.</summary>
public sealed record TrainingRequest
{
    public required string DataPath { get; init; }
    public required string OutputModelPath { get; init; }
    public string RunsDirectory { get; init; } = "runs";
    public int Seed { get; init; } = 42;
    public PipelineConfig Config { get; init; } = new();
    public CohortOptions Cohort { get; init; } = new();

    /// <summary>Where the ResNet18 ONNX files are; null means next to the running app.</summary>
    public string? ImageModelFolder { get; init; }

    /// <summary>Where training runs the CNN (resolved: a CUDA device here is known to work). The zip never records it.</summary>
    public OsteoMl.Imaging.ComputeDevice Device { get; init; } = OsteoMl.Imaging.ComputeDevice.Cpu;

    /// <summary>
    /// What of the image network is trained; <see cref="OsteoMl.Imaging.FineTuneMode.None"/> (the library default, as it
    /// needs no trainer) keeps the frozen ResNet18 embedding. The CLI's <c>--fine-tune</c> defaults to Head.
    /// </summary>
    public OsteoMl.Imaging.FineTuneMode FineTune { get; init; } = OsteoMl.Imaging.FineTuneMode.None;

    /// <summary>Trains the image network (OsteoMl.Training's TorchSharp trainer); required unless <see cref="FineTune"/> is None.</summary>
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

    /// <summary>Null, "platt" or "isotonic": a recalibration of the fused probability fitted on validation, reported on test.</summary>
    public string? Recalibration { get; init; }

    /// <summary>A run folder to continue: its seed, tuner, metric, folds and trainers are reused; its data must match.</summary>
    public string? ResumeDirectory { get; init; }
}
