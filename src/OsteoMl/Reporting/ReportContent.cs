using OsteoMl.AutoML;
using OsteoMl.Data;
using OsteoMl.Evaluation;
using OsteoMl.Reporting;

namespace OsteoMl.Reporting;

/// <summary>
/// What a report shows: the evaluation and everything needed to judge it (data, split, settings, search).
/// </summary>
public sealed record ReportContent
{
    public required string Title { get; init; }

    /// <summary>"Held-out test split of the training cohort" or "External validation cohort".</summary>
    public required string EvaluatedOn { get; init; }

    public required CohortSummary Cohort { get; init; }

    /// <summary>An external validation (evaluate) rather than a training run's held-out test split.</summary>
    public bool IsExternal { get; init; }

    /// <summary>The zip's image network as its model card describes it (null: tabular-only).</summary>
    public string? ImageNetwork { get; init; }

    /// <summary>What the plots call the evaluated rows.</summary>
    public string RowsName => IsExternal ? "evaluated cohort" : "test set";
    public required EvaluationResult Evaluation { get; init; }
    public required string OperatingPoint { get; init; }

    /// <summary>What the learned models' thresholds were chosen on, in the training run.</summary>
    public string ThresholdsChosenOn { get; init; } = "the validation split";

    /// <summary>Which rows the saved model was fitted on.</summary>
    public string FittedOn { get; init; } = "the training split";
    public required int Seed { get; init; }

    /// <summary>"sha256:…" of the evaluated CSV.</summary>
    public required string DataHash { get; init; }

    /// <summary>The model's training CSV, when the evaluated file is another one (external validation).</summary>
    public string? TrainingDataHash { get; init; }

    /// <summary>What reading the evaluated cohort noticed but accepted (unseen categories, decimal commas…).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    public required string RunId { get; init; }
    public SplitSummary? Split { get; init; }
    public IReadOnlyList<TrialResult> Trials { get; init; } = [];

    /// <summary>Held-out over training rows of the run's folds: the overlap term of the leaderboard's tie rule.</summary>
    public double TestToTrainRatio { get; init; } = PatientFolds.TestToTrainRatioOf(5);
    public string? ClinicalModel { get; init; }
    public string? Fusion { get; init; }
    public IReadOnlyDictionary<string, double> FusionWeights { get; init; } = new Dictionary<string, double>();
    public IReadOnlyDictionary<string, double> ValidationAuc { get; init; } = new Dictionary<string, double>();
    public IReadOnlyDictionary<string, (AucEstimate Validation, AucEstimate Test)> Ablation { get; init; } =
        new Dictionary<string, (AucEstimate, AucEstimate)>();

    /// <summary>
    /// A few test films with the saved network's attention map (none without a wavelet-attention network).
    /// </summary>
    public IReadOnlyList<AttentionExample> AttentionExamples { get; init; } = [];

    /// <summary>Each ablation variant against the frozen backbone on test (paired DeLong).</summary>
    public IReadOnlyDictionary<string, AucComparison> AblationVersusBackbone { get; init; } =
        new Dictionary<string, AucComparison>();
}
