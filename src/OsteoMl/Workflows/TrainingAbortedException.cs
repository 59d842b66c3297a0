namespace OsteoMl.Workflows;

/// <summary>
/// Training was aborted (second Ctrl+C, SIGTERM): no model was written; finished trials stay in the run folder.
/// </summary>
public sealed class TrainingAbortedException(string runDirectory)
    : OperationCanceledException(
        $"training aborted; no model was written. Finished trials are in "
            + $"{Path.Combine(runDirectory, AutoML.TrialLog.FileName)} (continue with --resume {runDirectory})."
    )
{
    public string RunDirectory { get; } = runDirectory;
}
