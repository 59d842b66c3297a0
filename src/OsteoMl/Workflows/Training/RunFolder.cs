using OsteoMl.AutoML;
using OsteoMl.Common;
using OsteoMl.Data;

namespace OsteoMl.Workflows.Training;

/// <summary>
/// Stage 2: the run folder (<c>runs/&lt;run-id&gt;/</c>) with its manifest, new or resumed. A resumed run keeps
/// everything that shapes the trial sequence (seed, tuner, metric, folds, trainers) and must see the same data.
/// </summary>
internal sealed record RunFolder(string Directory, RunManifest Manifest, IReadOnlyList<TrialResult> PreviousTrials)
{
    public string TrialLogPath => Path.Combine(Directory, TrialLog.FileName);

    /// <summary>Whether this run created the folder (false when it resumes an earlier run's).</summary>
    public bool IsNew { get; init; }

    /// <summary>
    /// The exception for an abort. A folder this run created that holds no finished trial is removed: there is
    /// nothing to resume, and an empty run folder per abort would only clutter <c>runs/</c>.
    /// </summary>
    public TrainingAbortedException Aborted()
    {
        bool hasTrials =
            File.Exists(TrialLogPath) && TrialLog.Read(TrialLogPath).Any(t => t.Status == TrialStatus.Completed);
        if (hasTrials || !IsNew)
        {
            return new TrainingAbortedException(Directory);
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            return new TrainingAbortedException(Directory);
        }
        return new TrainingAbortedException(null);
    }

    public static RunFolder Open(TrainingRequest request, TrainingCohort cohort) =>
        request.ResumeDirectory is { } resume ? Resume(request, cohort, resume) : Create(request, cohort);

    private static RunFolder Resume(TrainingRequest request, TrainingCohort cohort, string resume)
    {
        RunManifest previous = RunManifest.Read(resume);
        if (previous.DataHash != cohort.DataHash)
        {
            throw new RunFolderException(
                $"the data differ from those of the run being resumed ({request.DataPath}); resume with the same "
                    + $"CSV or start a new run.",
                resume
            );
        }
        if (previous.LabelColumn != cohort.LabelName)
        {
            throw new RunFolderException(
                $"the run being resumed used the label '{previous.LabelColumn}', not '{cohort.LabelName}'.",
                resume
            );
        }
        if (previous.UsesImages != cohort.UsesImages)
        {
            throw new RunFolderException(
                $"the run being resumed was {(previous.UsesImages ? "multimodal" : "tabular-only (--no-images)")}; "
                    + $"resume it the same way.",
                resume
            );
        }
        // A resumed run may get a larger budget; everything that shapes the trial sequence stays.
        var resumed = previous with
        {
            MaxTrials = request.MaxTrials ?? previous.MaxTrials,
            TimeBudgetSeconds = request.TimeBudget?.TotalSeconds ?? previous.TimeBudgetSeconds,
        };
        resumed.Write(resume);
        return new RunFolder(resume, resumed, TrialLog.Read(Path.Combine(resume, TrialLog.FileName)));
    }

    private static RunFolder Create(TrainingRequest request, TrainingCohort cohort)
    {
        var autoMl = request.Config.AutoMl;
        string runId = $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-seed{request.Seed}";
        string directory = Path.Combine(request.RunsDirectory, runId);
        for (int n = 2; System.IO.Directory.Exists(directory); n++)
        {
            directory = Path.Combine(request.RunsDirectory, $"{runId}-{n}");
        }
        // Tabular-only runs pool the validation rows into the cross-validated ones (TrainingCohort.Split).
        bool pools = !cohort.UsesImages;
        var split = request.Config.Split;
        double pooled = split.Train + (pools ? split.Validation : 0);
        var manifest = new RunManifest
        {
            RunId = Path.GetFileName(directory),
            DataHash = cohort.DataHash,
            DataPath = Path.GetFullPath(request.DataPath),
            LabelColumn = cohort.LabelName,
            Seed = request.Seed,
            Tuner = Tuners.ParseOrThrow(request.Tuner ?? autoMl.Tuner, "--tuner"),
            Metric = Tuners.ParseMetricOrThrow(request.Metric ?? autoMl.Metric, "--metric"),
            Folds = request.Config.Folds,
            PoolsValidation = pools,
            Repeats = request.Config.Repeats ?? PatientFolds.RepeatsFor((int)Math.Round(cohort.Cohort.Count * pooled)),
            UsesImages = cohort.UsesImages,
            Trainers =
            [
                .. (request.Trainers ?? autoMl.Trainers).Select(t => TrainerCatalog.FindOrThrow(t, "--trainers").Name),
            ],
            // An explicit trial count or budget replaces both of the config's limits.
            MaxTrials = request.MaxTrials ?? (request.TimeBudget is null ? autoMl.MaxTrials : null),
            TimeBudgetSeconds =
                request.TimeBudget?.TotalSeconds ?? (request.MaxTrials is null ? autoMl.TimeBudgetSeconds : null),
        };
        manifest.Write(directory);
        return new RunFolder(directory, manifest, []) { IsNew = true };
    }
}
