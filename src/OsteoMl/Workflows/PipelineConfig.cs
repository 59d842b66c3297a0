using System.Text.Json;
using System.Text.Json.Serialization;
using OsteoMl.AutoML;
using OsteoMl.Data;
using OsteoMl.Fusion;
using OsteoMl.Imaging;

namespace OsteoMl.Workflows;

/// <summary>A pipeline config (pipelines/*.json): split, folds, excluded columns, branch and fusion settings.</summary>
public sealed record PipelineConfig
{
    public string Description { get; init; } = "";
    public IReadOnlyList<string> ExcludeColumns { get; init; } = ["t_score", "site"];

    /// <summary>
    /// When set, the only clinical columns the model learns from (each must be in the CSV); null learns from every
    /// column not excluded. pipelines/image-age-sex.json sets ["age", "sex"]: a model a PACS can always feed from the
    /// DICOM header.
    /// </summary>
    public IReadOnlyList<string>? IncludeColumns { get; init; }
    public SplitSettings Split { get; init; } = new();
    public int Folds { get; init; } = 5;

    /// <summary>
    /// How many times the k folds are dealt anew (seeds seed, seed + 1, …); null: enough for about 1000 held-out
    /// predictions, at least 3 below 1000 training rows, at most <see cref="PatientFolds.MaximumRepeats"/>.
    /// </summary>
    public int? Repeats { get; init; }

    /// <summary>
    /// Tabular-only runs: after the test evaluation, refit the chosen clinical model (and the reference logistic
    /// regression) on every row, test rows included, with the same configuration and thresholds, and save that. The
    /// test metrics then describe the same procedure fitted on the training rows, a conservative estimate: a held-out
    /// split wastes a fifth of the patients, and small tables lose most by it. False saves exactly the tested model.
    /// Multimodal runs always save the model fitted on the training split (the networks and the fusion need it).
    /// </summary>
    public bool RefitOnAllRows { get; init; } = true;
    public ImageSettings Image { get; init; } = new();
    public AutoMlSettings AutoMl { get; init; } = new();
    public FusionSettings Fusion { get; init; } = new();

    /// <summary>Which films the model may screen (saved in the zip's model card; <c>osteoml pacs</c> applies them).</summary>
    public ScreeningSettings Screening { get; init; } = new();

    public sealed record ScreeningSettings
    {
        public OsteoMl.Screening.EligibilityRules Eligibility { get; init; } =
            OsteoMl.Screening.EligibilityRules.Default;
    }

    public sealed record SplitSettings
    {
        public double Train { get; init; } = 0.6;
        public double Validation { get; init; } = 0.2;
    }

    public sealed record ImageSettings
    {
        public string Featurizer { get; init; } = "resnet18";

        /// <summary>
        /// The frozen backbone's arithmetic: "auto" (int8 where it measures at least 1.2× faster than float on the
        /// training machine's CPU, else fp32), "int8" or "fp32" (docs/image-network.md).
        /// </summary>
        public string Precision { get; init; } = "auto";

        /// <summary>
        /// The square grid films are decoded to: 224, 448, 896 or 1792 pixels a side; null (default) chooses from the
        /// training films' sizes (docs/image-network.md, <see cref="FilmResolution"/>). Above 224 the wavelet maps
        /// are computed on that grid and the backbone gets it averaged down to 224.
        /// </summary>
        public int? FilmSide { get; init; }

        /// <summary>L2 penalties of the image head's logistic regression, searched by cross-validation.</summary>
        public IReadOnlyList<double> HeadL2Candidates { get; init; } = [1, 10, 100, 1000, 10000];

        /// <summary>
        /// Wavelet-attention network training (docs/image-network.md); the mode itself is <c>--fine-tune</c>.
        /// </summary>
        public RadiographNetworkSettings Network { get; init; } = new();

        /// <summary>
        /// Whether the trained network must beat the frozen backbone on the training folds to be saved (default);
        /// false saves the network whatever the comparison says (e.g. to study its attention maps).
        /// </summary>
        public bool SelectAgainstBackbone { get; init; } = true;
    }

    /// <summary>The clinical AutoML search: trainers, tuner, objective and budget.</summary>
    public sealed record AutoMlSettings
    {
        public string Tuner { get; init; } = "cfo";
        public string Metric { get; init; } = "auc";
        public int? MaxTrials { get; init; } = 40;
        public double? TimeBudgetSeconds { get; init; } = 120;
        public IReadOnlyList<string> Trainers { get; init; } = [.. TrainerCatalog.All.Select(t => t.Name)];
    }

    public sealed record FusionSettings
    {
        public string Method { get; init; } = "stacking";

        /// <summary>Fusion strategies to compare: any of MeanLogit, WeightedAverage and LogisticStacking.</summary>
        public IReadOnlyList<string> Strategies { get; init; } =
        [
            nameof(FusionStrategy.MeanLogit),
            nameof(FusionStrategy.WeightedAverage),
            nameof(FusionStrategy.LogisticStacking),
        ];

        /// <summary>The weighted average's image weights (0 = clinical alone, 1 = image alone).</summary>
        public IReadOnlyList<double> ImageWeightCandidates { get; init; } = FusionSearch.DefaultWeights;

        /// <summary>
        /// Calibrate the fused probability on the training rows' out-of-fold predictions (a logistic recalibration,
        /// see <see cref="OsteoMl.Fusion.FusedCalibration"/>); false saves the fusion rule's output as it is.
        /// </summary>
        public bool Calibrate { get; init; } = true;

        /// <summary>L2 penalties of the logistic meta-model, searched on out-of-fold branch outputs.</summary>
        public IReadOnlyList<double> MetaL2Candidates { get; init; } = [0.001, 0.01, 0.1, 1, 10, 100];
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>
    /// Reads and validates a config; problems are <see cref="PipelineConfigException"/>s naming the file.
    /// </summary>
    public static PipelineConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new PipelineConfigException("pipeline config not found.", path);
        }
        PipelineConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<PipelineConfig>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            string message = ConfigJsonError.Describe(e, typeof(PipelineConfig), JsonOptions.PropertyNamingPolicy!);
            throw new PipelineConfigException(message, path);
        }
        if (config is null)
        {
            throw new PipelineConfigException("pipeline config is empty.", path);
        }
        string? problem = config.Validate();
        return problem is null ? config : throw new PipelineConfigException(problem, path);
    }

    public string? Validate()
    {
        if (Split.Train <= 0 || Split.Validation <= 0 || Split.Train + Split.Validation >= 0.95)
        {
            return "split.train and split.validation must be positive and leave at least 5 % for the test set.";
        }
        if (Folds is < 2 or > 20)
        {
            return "folds must be between 2 and 20.";
        }
        if (Repeats is < 1 or > 50)
        {
            return "repeats must be between 1 and 50 (or absent: chosen from the training set's size).";
        }
        if (!string.Equals(Image.Featurizer, "resnet18", StringComparison.OrdinalIgnoreCase))
        {
            return $"image.featurizer '{Image.Featurizer}' is not available; this version ships 'resnet18'.";
        }
        if (Image.FilmSide is int side && !FilmResolution.Sides.Contains(side))
        {
            return $"image.filmSide {side} is not one of {string.Join(", ", FilmResolution.Sides)} (or null: chosen from the films).";
        }
        if (Image.Precision.ToLowerInvariant() is not ("auto" or "int8" or "fp32"))
        {
            return $"image.precision '{Image.Precision}' is not one of auto, int8, fp32.";
        }
        var network = Image.Network;
        if (
            network.MaxEpochs < 1
            || network.Patience < 1
            || network.BatchSize < 2
            || !(network.LearningRate > 0)
            || !(network.WeightDecay >= 0)
            || network.Dropout is < 0 or >= 1
            || !(network.AttentionPenalty >= 0)
        )
        {
            return "image.network: maxEpochs and patience must be at least 1, batchSize at least 2, learningRate "
                + "positive, weightDecay non-negative, dropout in [0, 1), attentionPenalty non-negative.";
        }
        if (Tuners.Parse(AutoMl.Tuner) is null)
        {
            return $"autoMl.tuner: {Tuners.UnknownTunerMessage(AutoMl.Tuner)}";
        }
        if (Tuners.ParseMetric(AutoMl.Metric) is null)
        {
            return $"autoMl.metric: {Tuners.UnknownMetricMessage(AutoMl.Metric)}";
        }
        if (
            AutoMl.MaxTrials is < 1
            || AutoMl.TimeBudgetSeconds is <= 0
            || (AutoMl.MaxTrials is null && AutoMl.TimeBudgetSeconds is null)
        )
        {
            return "automl.maxTrials must be at least 1 and automl.timeBudgetSeconds positive; set at least one of "
                + "them.";
        }
        if (AutoMl.Trainers.Count == 0)
        {
            return "automl.trainers is empty.";
        }
        if (AutoMl.Trainers.FirstOrDefault(t => TrainerCatalog.Find(t) is null) is { } unknown)
        {
            return $"autoMl.trainers: {TrainerCatalog.UnknownMessage(unknown)}";
        }
        if (
            Image.HeadL2Candidates.Count == 0
            || Image.HeadL2Candidates.Any(v => !(v > 0))
            || Fusion.MetaL2Candidates.Any(v => !(v > 0))
        )
        {
            return "image.headL2Candidates and fusion.metaL2Candidates must be positive numbers (and the first "
                + "non-empty).";
        }
        if (
            Fusion.Strategies.Count == 0
            || Fusion.Strategies.Any(s => !Enum.TryParse<FusionStrategy>(s, ignoreCase: true, out _))
            || (
                Fusion.MetaL2Candidates.Count == 0
                && Fusion.Strategies.Any(s =>
                    s.Equals(nameof(FusionStrategy.LogisticStacking), StringComparison.OrdinalIgnoreCase)
                )
            )
        )
        {
            return "fusion.strategies must list some of MeanLogit, WeightedAverage and LogisticStacking "
                + "(LogisticStacking needs metaL2Candidates).";
        }
        if (Fusion.ImageWeightCandidates.Count == 0 || Fusion.ImageWeightCandidates.Any(w => w is < 0 or > 1))
        {
            return "fusion.imageWeightCandidates must be weights between 0 (clinical alone) and 1 (image alone).";
        }
        if (IncludeColumns is { Count: 0 })
        {
            return "includeColumns is empty; list the clinical columns to learn from, or leave it out (every column).";
        }
        if (Screening.Eligibility.Problem() is { } screening)
        {
            return screening;
        }
        if (!string.Equals(Fusion.Method, "stacking", StringComparison.OrdinalIgnoreCase))
        {
            return $"fusion.method '{Fusion.Method}' is not available; this version ships 'stacking'.";
        }
        return null;
    }
}
