using OsteoMl.AutoML;
using OsteoMl.Data;
using OsteoMl.Imaging;

namespace OsteoMl.Workflows.Training;

/// <summary>
/// The image head's penalty, a small grid cross-validated on the run's folds (see <see cref="ImageBranchStage"/>).
/// </summary>
internal static class ImageHeadStage
{
    public const string Stage = "image";

    public static SearchedBranch Search(
        SearchContext context,
        SplitViews views,
        PatientFolds folds,
        IReadOnlyList<double> l2Candidates,
        string stage = Stage
    )
    {
        var runner = Runner(stage, views.Train, folds, context.Metric, context.Seed);
        TrialParameters[] grid = [.. l2Candidates.Select(Parameters)];
        var search = context.Search(
            new GridTuner(grid),
            runner,
            new ExperimentOptions { Stage = stage, MaxTrials = grid.Length },
            stage == Stage ? "Image head search (grid)" : "Image head search on the frozen backbone (grid)"
        );
        if (search.Best is null && search.Trials.Any(t => t.Error is not null))
        {
            throw new SearchFailedException(stage, search);
        }
        // No trial because the search was stopped (Ctrl+C): the middle of the grid.
        TrialParameters best = search.Best?.Parameters ?? grid[grid.Length / 2];
        float l2 = (float)best["l2"];
        return new SearchedBranch(
            Stage,
            best.ToString(),
            runner.RunWithPredictions(-1, best, CancellationToken.None).OutOfFold,
            ModelColumns.ImageProbability,
            ml => ImageHead.Create(ml, ImageStage.EmbeddingColumn, ModelColumns.Label, l2)
        );
    }

    /// <summary>
    /// Cross-validation of the head on <paramref name="train"/>'s <see cref="ImageStage.EmbeddingColumn"/>.
    /// </summary>
    public static CrossValidationRunner Runner(
        string stage,
        Microsoft.ML.IDataView train,
        PatientFolds folds,
        ObjectiveMetric metric,
        int seed
    ) =>
        new(
            stage,
            train,
            ModelColumns.Label,
            ModelColumns.PatientId,
            folds,
            metric,
            seed,
            (ml, p) => ImageHead.Create(ml, ImageStage.EmbeddingColumn, ModelColumns.Label, (float)p["l2"]),
            _ => ImageHead.CostPerThousandRows
        );

    public static TrialParameters Parameters(double l2) =>
        new(ImageHead.TrainerName, new Dictionary<string, double> { ["l2"] = l2 });
}
