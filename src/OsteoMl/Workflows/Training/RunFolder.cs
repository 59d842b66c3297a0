using System.Globalization;
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
        if (previous.Options is { } started)
        {
            RefuseChangedOptions(request, previous, started, resume);
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

    /// <summary>What run.json records of the request beyond the search settings.</summary>
    private static RunOptions OptionsOf(TrainingRequest request) =>
        new()
        {
            OutputModelPath = Path.GetFullPath(request.OutputModelPath),
            PipelinePath = request.PipelinePath is { } p ? Path.GetFullPath(p) : "(built in code)",
            ConfigHash = ConfigHash(request.Config),
            NoRefit = request.NoRefit,
            FineTune = OsteoMl.Imaging.FineTuneModes.Name(request.FineTune),
            OperatingPoint = request.OperatingPoint.ToString(),
            BootstrapReplicates = request.BootstrapReplicates,
            Recalibration = request.Recalibration?.ToString().ToLowerInvariant(),
            Cohort = request.Cohort,
        };

    /// <summary>The config as the run used it (after --no-refit), hashed: a file edited since is not the same run.</summary>
    public static string ConfigHash(PipelineConfig config) =>
        Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(config))
        );

    /// <summary>
    /// A resume continues the run it names: an option set to another value than the run's is refused, naming it.
    /// </summary>
    private static void RefuseChangedOptions(
        TrainingRequest request,
        RunManifest previous,
        RunOptions started,
        string resume
    )
    {
        var now = OptionsOf(request);
        (string Option, string Then, string Now)[] options =
        [
            (
                "--seed",
                previous.Seed.ToString(CultureInfo.InvariantCulture),
                request.Seed.ToString(CultureInfo.InvariantCulture)
            ),
            ("--out", started.OutputModelPath, now.OutputModelPath),
            ("--fine-tune", started.FineTune, now.FineTune),
            ("--operating-point", started.OperatingPoint, now.OperatingPoint),
            ("--bootstrap", $"{started.BootstrapReplicates}", $"{now.BootstrapReplicates}"),
            ("--recalibrate", started.Recalibration ?? "none", now.Recalibration ?? "none"),
            ("--no-refit", started.NoRefit ? "given" : "not given", now.NoRefit ? "given" : "not given"),
        ];
        foreach (var (option, then, current) in options.Where(o => o.Then != o.Now))
        {
            throw new RunFolderException(
                $"the run being resumed was started with {option} {then}, not {current}; resume without {option} (the "
                    + "run's value is used) or start a new run.",
                resume
            );
        }
        if (
            started.Cohort is { } cohort
            && System.Text.Json.JsonSerializer.Serialize(cohort)
                != System.Text.Json.JsonSerializer.Serialize(now.Cohort)
        )
        {
            throw new RunFolderException(
                "the run being resumed read its CSV with other column options (--label, --id-column, "
                    + "--image-column, --label-from-tscore, --allow-…); resume without them or start a new run.",
                resume
            );
        }
        if (started.ConfigHash != now.ConfigHash)
        {
            throw new RunFolderException(
                $"the pipeline config differs from the one the run was started with ({started.PipelinePath}, edited "
                    + "since, or another --pipeline); resume with that config or start a new run.",
                resume
            );
        }
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
            Options = OptionsOf(request),
        };
        manifest.Write(directory);
        return new RunFolder(directory, manifest, []) { IsNew = true };
    }
}
