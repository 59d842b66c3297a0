namespace OsteoMl.Workflows;

/// <summary>
/// Training stopped by an abort (second Ctrl+C, SIGTERM): no model was written. The run folder is kept when it holds
/// finished trials to resume from, and removed when it would be an empty shell.
/// </summary>
public sealed class TrainingAbortedException(string? runDirectory)
    : OperationCanceledException(
        runDirectory is null
            ? "training aborted; no model was written and no trial had finished, so no run folder was kept."
            : $"training aborted; no model was written. Finished trials are in "
                + $"{Path.Combine(runDirectory, AutoML.TrialLog.FileName)} (continue with --resume {runDirectory})."
    )
{
    /// <summary>The kept run folder, or null when nothing worth resuming had been written.</summary>
    public string? RunDirectory { get; } = runDirectory;
}
