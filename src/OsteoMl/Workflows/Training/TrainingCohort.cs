using OsteoMl.Common;
using OsteoMl.Data;

namespace OsteoMl.Workflows.Training;

/// <summary>
/// Stage 1: the cohort a run trains on, read and checked (both classes, at least one clinical column), with its
/// patient-level split and the run's folds over the training split. Every check that the data can fail is a
/// <see cref="CohortFormatException"/> naming the file and the label column.
/// </summary>
internal sealed class TrainingCohort
{
    private TrainingCohort(Cohort cohort, string labelName, string dataHash)
    {
        Cohort = cohort;
        LabelName = labelName;
        DataHash = dataHash;
    }

    public Cohort Cohort { get; }

    public IReadOnlyList<bool> Labels => Cohort.Labels!;

    /// <summary>The label column as the user named it (or the T-score column it is derived from).</summary>
    public string LabelName { get; }

    /// <summary>"sha256:…" of the CSV: the run's data identity (resume, model card, reports).</summary>
    public string DataHash { get; }

    public bool UsesImages => Cohort.ImagePaths is not null;

    private string FileName => Path.GetFileName(Cohort.Source);

    public static TrainingCohort Read(TrainingRequest request)
    {
        var options = request.Cohort with
        {
            ExcludeColumns = [.. request.Cohort.ExcludeColumns, .. request.Config.ExcludeColumns],
            IncludeColumns = request.Config.IncludeColumns,
            RequireImages = !request.NoImages,
        };
        Cohort cohort = CohortReader.Read(request.DataPath, options);
        var read = new TrainingCohort(
            cohort,
            options.LabelFromTScoreColumn ?? options.LabelColumn,
            FileHash.Sha256(cohort.Source)
        );
        if (read.Labels.All(l => l) || read.Labels.All(l => !l))
        {
            read.Refuse(
                $"the label has only one class ({(read.Labels[0] ? "all positive" : "all negative")}); training "
                    + $"needs both."
            );
        }
        if (cohort.Columns.Count == 0)
        {
            throw new CohortFormatException(
                "no clinical feature columns are left after removing id, image, label and excluded columns.",
                read.FileName
            );
        }
        return read;
    }

    /// <summary>The patient-level train / validation / test split; each part must hold both classes.</summary>
    /// <param name="poolValidation">
    /// Tabular-only runs: the validation rows join the training rows. With no network to stop early and no fusion to
    /// fit, the validation split's only use would be the thresholds, which the pooled rows' out-of-fold predictions
    /// give just as honestly, while every model is fitted on a third more patients.
    /// </param>
    public CohortSplit Split(PipelineConfig.SplitSettings fractions, int seed, bool poolValidation)
    {
        CohortSplit split = PatientSplitter.Split(
            Cohort.PatientIds,
            Labels,
            fractions.Train,
            fractions.Validation,
            seed
        );
        foreach (
            var (name, part) in new[]
            {
                ("training", split.Train),
                ("validation", split.Validation),
                ("test", split.Test),
            }
        )
        {
            if (part.All(i => Labels[i]) || part.All(i => !Labels[i]))
            {
                Refuse($"too few patients of one class to form a {name} split with both classes.");
            }
        }
        return poolValidation
            ? new CohortSplit([.. split.Train.Concat(split.Validation).Order()], [], split.Test)
            : split;
    }

    /// <summary>
    /// The run's folds over the training split's rows (in row order), shared by every cross-fitted stage.
    /// </summary>
    public PatientFolds Folds(CohortSplit split, int folds, int seed, int repeats)
    {
        foreach (bool positive in new[] { true, false })
        {
            int patients = split
                .Train.Where(i => Labels[i] == positive)
                .Select(i => Cohort.PatientIds[i])
                .Distinct(StringComparer.Ordinal)
                .Count();
            if (patients < folds)
            {
                Refuse(
                    $"the training split has {patients} {(positive ? "positive" : "negative")} patients; "
                        + $"{folds}-fold cross-validation "
                        + $"needs at least {folds} of each class. Add patients or lower `folds` in the pipeline config."
                );
            }
        }
        return PatientFolds.Create(
            [.. split.Train.Select(i => Cohort.PatientIds[i])],
            [.. split.Train.Select(i => Labels[i])],
            folds,
            seed,
            repeats
        );
    }

    private void Refuse(string message) => throw new CohortFormatException(message, FileName, column: LabelName);
}
