namespace OsteoMl.Tests.Cli;

/// <summary>
/// Tests that signal a child `osteoml` process and hold it to wall-clock limits run alone: on a 2-core CI machine the
/// TorchSharp fine-tuning tests running beside them starved the child (a SIGINT test waited 60 s for it).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedProcessCollection
{
    public const string Name = "Timed child processes";
}
