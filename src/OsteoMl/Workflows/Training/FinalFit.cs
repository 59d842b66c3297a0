using Microsoft.ML;
using OsteoMl.Data;

namespace OsteoMl.Workflows.Training;

/// <summary>
/// Stage 9b: which rows the saved model was fitted on. Tabular-only runs refit the chosen clinical model and the
/// reference logistic regression on every row after the test evaluation (unless the config says not to); the test
/// metrics then estimate the procedure, measured on the same configuration fitted without the test rows.
/// </summary>
internal sealed record FinalFit(ScoringModel Scoring, string FittedOn, IReadOnlyList<int> Rows)
{
    public static FinalFit Choose(
        SearchContext context,
        MLContext mlContext,
        TrainingRequest request,
        TrainingCohort cohort,
        CohortSplit split,
        SplitViews views,
        SearchedBranch clinical,
        ScoringModel tested
    )
    {
        // The learned models were fitted on the training split (in tabular-only runs it holds the pooled rows).
        if (cohort.UsesImages || !request.Config.RefitOnAllRows)
        {
            return new FinalFit(tested, TrainingRows(split.Train.Count), split.Train);
        }
        context.Report(
            $"Refitting the clinical model and the reference logistic regression on all {cohort.Cohort.Count} rows"
        );
        var refitted = ScoringModel
            .ClinicalOnly(mlContext, clinical, views.All)
            .WithReferenceLogistic(mlContext, cohort, context.Seed, views.All);
        int[] all = [.. Enumerable.Range(0, cohort.Cohort.Count)];
        return new FinalFit(refitted, AllRows(cohort.Cohort.Count, split.Train.Count), all);
    }

    public static string TrainingRows(int rows) => $"the {rows} training rows (the test metrics describe this model)";

    public static string AllRows(int rows, int trainingRows) =>
        $"all {rows} rows, test rows included (the test metrics describe the same configuration fitted on the "
        + $"{trainingRows} training rows; do not re-evaluate this model on them)";
}
