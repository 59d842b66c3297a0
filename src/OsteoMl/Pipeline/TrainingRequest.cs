using OsteoMl.Data;

namespace OsteoMl.Pipeline;

/// <summary>Everything <see cref="OsteoMlTrainer"/> needs for one run.</summary>
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
}
