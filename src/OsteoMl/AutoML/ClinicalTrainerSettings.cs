namespace OsteoMl.AutoML;

/// <summary>FastTree hyperparameters of the clinical branch (fixed in the first version; searched by AutoML later).</summary>
public sealed record ClinicalTrainerSettings
{
    public int NumberOfLeaves { get; init; } = 8;
    public int NumberOfTrees { get; init; } = 150;
    public int MinimumExampleCountPerLeaf { get; init; } = 10;
    public double LearningRate { get; init; } = 0.05;
    public int Seed { get; init; } = 1;
}
