using OsteoMl.AutoML;
using OsteoMl.Data;
using OsteoMl.Evaluation;

namespace OsteoMl.Reporting;

/// <summary>What a training run produced and measured. Metrics are on the held-out test split.</summary>
public sealed record TrainingResult
{
    public required string ModelPath { get; init; }
    public required string RunDirectory { get; init; }
    public required string RunId { get; init; }
    public required int Seed { get; init; }
    public required string DataHash { get; init; }
    public required SplitSummary Split { get; init; }

    /// <summary>
    /// The held-out test set: every compared model (fused, image, clinical, logistic, traditional tools) with
    /// intervals, paired tests, subgroups; thresholds chosen on validation (published cut-offs for the tools).
    /// </summary>
    public required EvaluationResult Test { get; init; }

    /// <summary>Test-set metrics by model name.</summary>
    public IReadOnlyDictionary<string, BinaryMetrics> TestMetrics => Test.Models;

    public required OperatingPoint OperatingPoint { get; init; }

    /// <summary>What the learned models' thresholds were chosen on (never the test split).</summary>
    public string ThresholdsChosenOn { get; init; } = "the validation split";

    /// <summary>Which rows the saved model was fitted on (tabular-only runs refit on all rows by default).</summary>
    public string FittedOn { get; init; } = "the training split";

    /// <summary>What the data were (counts and missingness, no identifiers), for the report.</summary>
    public required CohortSummary Cohort { get; init; }

    /// <summary>Validation AUC by model name (the split the thresholds came from).</summary>
    public required IReadOnlyDictionary<string, double> ValidationAuc { get; init; }

    /// <summary>Out-of-fold AUC of each branch on the training split (what the meta-model learned from).</summary>
    public required IReadOnlyDictionary<string, double> OutOfFoldAuc { get; init; }

    public required IReadOnlyDictionary<string, double> FusionWeights { get; init; }

    /// <summary>False for a tabular-only (<c>--no-images</c>) run: only the clinical model exists.</summary>
    public required bool UsesImages { get; init; }

    /// <summary>The searches by stage (clinical, image, fusion): every trial, the best, why each stopped.</summary>
    public required IReadOnlyDictionary<string, ExperimentResult> Searches { get; init; }

    public required string Tuner { get; init; }
    public required ObjectiveMetric Metric { get; init; }

    /// <summary>
    /// The trained image networks (none with <c>--fine-tune none</c> or without images); the one marked Saved is in the
    /// zip.
    /// </summary>
    public IReadOnlyList<ImageNetworkSummary> ImageNetworks { get; init; } = [];

    /// <summary>Clinical columns that alone separate the training labels (probable target leaks), strongest first.</summary>
    public IReadOnlyList<LabelLeak> LabelLeaks { get; init; } = [];

    /// <summary>Image-network candidates stopped on a non-finite value (not in <see cref="ImageNetworks"/>).</summary>
    public IReadOnlyList<DroppedImageNetwork> DroppedImageNetworks { get; init; } = [];

    /// <summary>
    /// Image-branch ablation by variant (backbone, wavelet, attention, finetuned): AUC with 95 % CI on validation and
    /// test. Empty without images.
    /// </summary>
    public IReadOnlyDictionary<string, (AucEstimate Validation, AucEstimate Test)> Ablation { get; init; } =
        new Dictionary<string, (AucEstimate, AucEstimate)>();

    /// <summary>
    /// Each ablation variant against the frozen backbone on the test set: paired DeLong difference and P.
    /// </summary>
    public IReadOnlyDictionary<string, AucComparison> AblationVersusBackbone { get; init; } =
        new Dictionary<string, AucComparison>();

    /// <summary>How the branches were fused (null without images).</summary>
    public string? Fusion { get; init; }

    /// <summary>The fused probability's out-of-fold calibration (null: tabular-only, or switched off).</summary>
    public OsteoMl.Fusion.FusedCalibration? FusedCalibration { get; init; }

    /// <summary>The clinical branch's chosen configuration (trainer and hyperparameters).</summary>
    public string? ClinicalModel { get; init; }

    /// <summary>Which image branch the zip runs and why (network vs frozen backbone, out-of-fold); null if not compared.</summary>
    public string? ImageSelection { get; init; }

    /// <summary>The backbone's precision and the measurements behind it (null without images).</summary>
    public OsteoMl.Imaging.BackboneChoice? Backbone { get; init; }

    /// <summary>The grid the films were decoded to and the wavelet maps computed on (null: no images).</summary>
    public OsteoMl.Imaging.FilmResolution? FilmGrid { get; init; }

    /// <summary>The clinical ensemble's members and weights, and its out-of-fold score (the expected performance).</summary>
    public ClinicalEnsembleChoice? ClinicalEnsemble { get; init; }
    public required TimeSpan Duration { get; init; }
}
