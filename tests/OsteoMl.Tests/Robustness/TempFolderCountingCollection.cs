namespace OsteoMl.Tests.Robustness;

/// <summary>
/// Tests that count folders in the shared temp directory run alone, so other tests' models cannot skew the count.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TempFolderCountingCollection
{
    public const string Name = "Counts temp folders";
}
