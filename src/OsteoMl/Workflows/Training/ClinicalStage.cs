using OsteoMl.AutoML;
using OsteoMl.Common;
using OsteoMl.Data;

namespace OsteoMl.Workflows.Training;

/// <summary>Stage 4: the clinical AutoML search over ML.NET trainers, cross-validated on the run's folds.</summary>
internal static class ClinicalStage
{
    public const string Stage = "clinical";

    public static SearchedBranch Search(
        SearchContext context,
        TrainingCohort cohort,
        SplitViews views,
        PatientFolds folds
    )
    {
        var run = context.Run.Manifest;
        var columns = cohort.Cohort.Columns;
        int seed = context.Seed;
        var runner = new CrossValidationRunner(
            Stage,
            views.Train,
            ModelColumns.Label,
            ModelColumns.PatientId,
            folds,
            run.Metric,
            seed,
            (ml, p) => ClinicalPipeline.Create(ml, columns, ModelColumns.Label, p, seed),
            p => TrainerCatalog.Find(p.Trainer)!.EstimateCost(p)
        );
        SearchableTrainer[] trainers = [.. run.Trainers.Select(t => TrainerCatalog.Find(t)!)];
        var options = new ExperimentOptions
        {
            Stage = Stage,
            MaxTrials = run.MaxTrials,
            TimeBudget = run.TimeBudgetSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
        };
        var portfolio = Portfolio.For(trainers);
        var search = context.Search(
            new PortfolioTuner(portfolio, Tuners.Create(run.Tuner, trainers, seed)),
            runner,
            options,
            $"AutoML clinical search ({run.Tuner})"
        );
        if (search.Best is null)
        {
            throw new UserInputException(
                $"no clinical trial finished ({search.StopReason}); give the search more time (--time-budget) or "
                    + $"check the trial errors in {context.Log.Path}.",
                Path.GetFileName(cohort.Cohort.Source)
            );
        }
        context.Report("Clinical ensemble selection (out-of-fold predictions of the best trials)");
        var ensemble = ClinicalEnsembleChoice.Select(search, runner, portfolio, run.Metric, folds);
        context.Report($"Clinical branch: {ensemble.Rule}");
        return new SearchedBranch(
            Stage,
            ensemble.ToString(),
            ensemble.OutOfFold,
            ModelColumns.ClinicalProbability,
            ml => ClinicalEnsemble.Create(ml, columns, ModelColumns.Label, ensemble.Members, seed)
        )
        {
            Ensemble = ensemble,
            ReferenceOutOfFold = runner.OutOfFold(Portfolio.ReferenceLogistic),
        };
    }
}
