using Microsoft.ML;
using Microsoft.ML.Data;
using OsteoMl.AutoML;
using OsteoMl.Data;
using OsteoMl.Fusion;

namespace OsteoMl.Workflows.Training;

/// <summary>
/// Stage 6 (multimodal runs): the fusion rule searched on the branches' out-of-fold probabilities over the run's
/// folds, then the stack fitted from those same out-of-fold probabilities (branches refitted once on all rows).
/// </summary>
internal static class FusionStage
{
    public static StackingTransformer Fit(
        SearchContext context,
        MLContext mlContext,
        SplitViews views,
        PatientFolds folds,
        PipelineConfig.FusionSettings settings,
        IReadOnlyList<SearchedBranch> branches,
        out string description
    )
    {
        context.Report("Fusion search (out-of-fold branch outputs)");
        bool[] labels = [.. views.Train.GetColumn<bool>(ModelColumns.Label)];
        var runner = new FusionSearch(
            [.. branches.Select(b => b.OutOfFold)],
            labels,
            folds,
            context.Metric,
            context.Seed
        );
        var grid = FusionSearch.Grid(
            settings.Strategies.Select(s => Enum.Parse<FusionStrategy>(s, ignoreCase: true)),
            settings.MetaL2Candidates,
            settings.ImageWeightCandidates
        );
        var search = context.Search(
            new GridTuner(grid),
            runner,
            new ExperimentOptions { Stage = FusionSearch.Stage, MaxTrials = grid.Count },
            progressLabel: null
        );
        string[] names = [.. branches.Select(b => b.Name)];
        TrialParameters chosen =
            Leaderboard
                .SimplestTied(search.Trials, FusionSearch.Stage, folds.TestToTrainRatio, FusionSearch.Complexity)
                ?.Parameters
            ?? grid[^1];
        description = FusionSearch.Describe(chosen, names);
        if (search.Best is { } best && !best.Parameters.Equals(chosen))
        {
            description +=
                $" (the simplest rule tied with the best out-of-fold one, {FusionSearch.Describe(best.Parameters, names)})";
        }
        var (strategy, l2, firstWeight) = FusionSearch.Decode(chosen);

        context.Report(
            $"Fitting the stack ({description}; out-of-fold branch outputs from the run's {folds.Count} folds)"
        );
        var stackBranches = branches
            .Select(b => new StackingBranch(b.Name, b.Estimator(mlContext), b.ProbabilityColumn, b.OutOfFold))
            .ToArray();
        return mlContext
            .StackBranches(
                stackBranches,
                new StackingOptions
                {
                    LabelColumnName = ModelColumns.Label,
                    OutputColumnName = ModelColumns.FusedProbability,
                    Strategy = strategy,
                    MetaL2Regularization = l2,
                    FirstBranchWeight = firstWeight,
                    CalibrateOnOutOfFold = settings.Calibrate,
                }
            )
            .Fit(views.Train);
    }
}
