using System.Text.Json;
using System.Text.Json.Serialization;
using OsteoMl.AutoML;
using OsteoMl.Data;

namespace OsteoMl.Pipeline;

/// <summary>A pipeline config (pipelines/*.json): split, folds, excluded columns, branch and fusion settings.</summary>
public sealed record PipelineConfig
{
    public string Description { get; init; } = "";
    public IReadOnlyList<string> ExcludeColumns { get; init; } = ["t_score", "site"];
    public SplitSettings Split { get; init; } = new();
    public int Folds { get; init; } = 5;
    public ImageSettings Image { get; init; } = new();
    public ClinicalSettings Clinical { get; init; } = new();
    public FusionSettings Fusion { get; init; } = new();

    public sealed record SplitSettings
    {
        public double Train { get; init; } = 0.6;
        public double Validation { get; init; } = 0.2;
    }

    public sealed record ImageSettings
    {
        public string Featurizer { get; init; } = "resnet18";
        public float HeadL2Regularization { get; init; } = 1f;
    }

    public sealed record ClinicalSettings
    {
        public string Trainer { get; init; } = "FastTree";
        public int NumberOfLeaves { get; init; } = 8;
        public int NumberOfTrees { get; init; } = 150;
        public int MinimumExampleCountPerLeaf { get; init; } = 10;
        public double LearningRate { get; init; } = 0.05;

        public ClinicalTrainerSettings ToTrainerSettings(int seed) => new()
        {
            NumberOfLeaves = NumberOfLeaves,
            NumberOfTrees = NumberOfTrees,
            MinimumExampleCountPerLeaf = MinimumExampleCountPerLeaf,
            LearningRate = LearningRate,
            Seed = seed,
        };
    }

    public sealed record FusionSettings
    {
        public string Method { get; init; } = "stacking";
        public float MetaL2Regularization { get; init; } = 1f;
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Reads and validates a config; problems are <see cref="CohortFormatException"/>s naming the file.</summary>
    public static PipelineConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new CohortFormatException("pipeline config not found.", path);
        }
        PipelineConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<PipelineConfig>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new CohortFormatException($"invalid pipeline config: {e.Message}", path);
        }
        if (config is null)
        {
            throw new CohortFormatException("pipeline config is empty.", path);
        }
        string? problem = config.Validate();
        return problem is null ? config : throw new CohortFormatException(problem, path);
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
        if (!string.Equals(Image.Featurizer, "resnet18", StringComparison.OrdinalIgnoreCase))
        {
            return $"image.featurizer '{Image.Featurizer}' is not available; this version ships 'resnet18'.";
        }
        if (!string.Equals(Clinical.Trainer, "FastTree", StringComparison.OrdinalIgnoreCase))
        {
            return $"clinical.trainer '{Clinical.Trainer}' is not available; this version ships 'FastTree'.";
        }
        if (!string.Equals(Fusion.Method, "stacking", StringComparison.OrdinalIgnoreCase))
        {
            return $"fusion.method '{Fusion.Method}' is not available; this version ships 'stacking'.";
        }
        return null;
    }
}
