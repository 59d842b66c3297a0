namespace OsteoMl.Workflows;

/// <summary>
/// Scoring stopped by Ctrl+C or SIGTERM between two batches: the rows so far are kept in the partial file, and the
/// same command continues from there.
/// </summary>
public sealed class ScoringStoppedException(int done, int total, string partialPath)
    : OperationCanceledException(
        $"stopped after {done} of {total} rows; they are kept in {partialPath}: run the same command again to "
            + "continue from there."
    );
