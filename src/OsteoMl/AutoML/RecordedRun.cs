namespace OsteoMl.AutoML;

/// <summary>
/// A finished or partial run as <c>train</c> left it on disk: its folder name, manifest and trial log.
/// </summary>
public sealed record RecordedRun(string Name, RunManifest Manifest, IReadOnlyList<TrialResult> Trials)
{
    /// <summary>
    /// Reads a run folder; one without a trial log or manifest is a <see cref="RunFolderException"/>.
    /// </summary>
    public static RecordedRun Read(string runDirectory)
    {
        string path = Path.Combine(runDirectory, TrialLog.FileName);
        if (!File.Exists(path))
        {
            throw new RunFolderException(
                $"no {TrialLog.FileName} here; pass a run folder that `train` created.",
                runDirectory
            );
        }
        return new RecordedRun(
            // "runs/x/" (a shell's completion) has an empty file name: the folder's name is that of "runs/x".
            Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(runDirectory))),
            RunManifest.Read(runDirectory),
            TrialLog.Read(path)
        );
    }

    /// <summary>The most recently written run with trials under <paramref name="runsFolder"/>.</summary>
    public static string Latest(string runsFolder)
    {
        var latest = Directory.Exists(runsFolder)
            ? new DirectoryInfo(runsFolder)
                .GetDirectories()
                .Where(d => File.Exists(Path.Combine(d.FullName, TrialLog.FileName)))
                .MaxBy(d => d.LastWriteTimeUtc)
            : null;
        return latest?.FullName
            ?? throw new RunFolderException("no runs with trials found; train first or pass a run folder.", runsFolder);
    }

    /// <summary>The trials of one stage (clinical, image, fusion).</summary>
    public IReadOnlyList<TrialResult> Stage(string stage) => [.. Trials.Where(t => t.Stage == stage)];

    /// <summary>
    /// Two runs' fold scores pair only when the folds are the same: same data, seed, fold count, metric and label.
    /// </summary>
    public bool SharesFoldsWith(RecordedRun other) =>
        Manifest.DataHash == other.Manifest.DataHash
        && Manifest.Seed == other.Manifest.Seed
        && Manifest.Folds == other.Manifest.Folds
        && Manifest.Metric == other.Manifest.Metric
        && Manifest.LabelColumn == other.Manifest.LabelColumn;
}
