using Microsoft.ML;
using OsteoMl.Data;

namespace OsteoMl.Workflows.Training;

/// <summary>
/// The cohort as ML.NET views: every row (with the image head's features when there are images) and the
/// training, validation and test parts. The filter keeps row order, so the training view's rows are the folds' rows.
/// </summary>
internal sealed record SplitViews(IDataView All, IDataView Train, IDataView Validation, IDataView Test)
{
    public static SplitViews Create(
        MLContext mlContext,
        TrainingCohort cohort,
        CohortSplit split,
        float[][]? headFeatures
    )
    {
        IDataView all = headFeatures is null
            ? new CohortDataView(cohort.Cohort)
            : new CohortDataView(cohort.Cohort, embeddings: (ImageStage.EmbeddingColumn, headFeatures));
        return new SplitViews(
            all,
            Select(mlContext, all, cohort, split.Train),
            Select(mlContext, all, cohort, split.Validation),
            Select(mlContext, all, cohort, split.Test)
        );
    }

    /// <summary>The rows of <paramref name="rows"/>' patients, in cohort order.</summary>
    public static IDataView Select(MLContext mlContext, IDataView data, TrainingCohort cohort, IReadOnlyList<int> rows)
    {
        var patients = rows.Select(i => cohort.Cohort.PatientIds[i]).ToHashSet(StringComparer.Ordinal);
        return KeyFilter.Keep(mlContext, data, ModelColumns.PatientId, patients.Contains);
    }
}
