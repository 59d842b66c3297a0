namespace OsteoMl.Tests;

/// <summary>
/// Tests that force garbage collections for the whole process (<see cref="GcPressure"/>) or call TorchSharp's own
/// optimizer, which is unsafe under that pressure: they run alone, never in parallel with another test class, so the
/// pressure cannot reach code that is not meant to withstand it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeMemoryCollection
{
    public const string Name = "Native memory";
}
