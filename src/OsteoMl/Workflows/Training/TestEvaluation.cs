using OsteoMl.Data;
using OsteoMl.Evaluation;

namespace OsteoMl.Workflows.Training;

/// <summary>
/// Stage 9: operating points chosen on validation (learned models) or published (traditional tools), an optional
/// recalibration of the fused probability fitted on validation, and the evaluation on the untouched test split.
/// When the validation rows are pooled into the training rows (tabular-only runs), the learned models' thresholds
/// and "validation" AUCs come from their out-of-fold predictions on the pooled rows instead: each row is scored by a
/// model that did not see it, and the test split stays untouched either way.
/// </summary>
internal sealed record TestEvaluation(
    Dictionary<string, double> Thresholds,
    Dictionary<string, double> ValidationAuc,
    EvaluationResult Test,
    string ThresholdsChosenOn
)
{
    public const string OnValidation = "the validation split";
    public const string OnPooledOutOfFold = "out-of-fold predictions on the pooled training and validation rows";

    public static TestEvaluation Run(
        TrainingRequest request,
        TrainingCohort cohort,
        CohortSplit split,
        SplitViews views,
        ScoringModel scoring,
        OutOfFoldScores? pooled = null
    )
    {
        if (split.Validation.Count == 0 && pooled is null)
        {
            throw new InvalidOperationException("no validation rows and no out-of-fold scores to choose thresholds on");
        }
        var (validationScores, validationLabels) = pooled is { } oof
            ? (oof.Scores, oof.Labels)
            : scoring.Score(views.Validation);
        var (testScores, testLabels) = scoring.Score(views.Test);
        var validationTools = ClinicalRiskScores.Compute(
            cohort.Cohort.Subset(split.Validation.Count == 0 ? split.Train : split.Validation)
        );
        var testTools = ClinicalRiskScores.Compute(cohort.Cohort.Subset(split.Test));
        var thresholds = scoring.Models.ToDictionary(
            m => m.Name,
            m => request.OperatingPoint.ChooseThreshold(validationScores[m.Name], validationLabels)
        );
        var testToolModels = testTools.Select(t => t.AsModel()).OfType<ModelScores>().ToArray();
        foreach (var tool in testToolModels)
        {
            thresholds[tool.Name] = tool.Threshold;
        }
        var validationAuc = scoring.Models.ToDictionary(
            m => m.Name,
            m => RocAuc.Compute(validationScores[m.Name], validationLabels)
        );
        foreach (var tool in validationTools.Where(t => t.Scores is not null))
        {
            validationAuc[tool.Name] = AucOfFinite(tool.Scores!, validationLabels);
        }
        EvaluationResult test = ModelEvaluator.Evaluate(
            [
                .. scoring.Models.Select(m => new ModelScores(m.Name, testScores[m.Name], thresholds[m.Name])),
                .. testToolModels,
            ],
            testLabels,
            cohort.Cohort.Subset(split.Test),
            request.BootstrapReplicates,
            RiskTool.SkippedReasons(testTools),
            Recalibrators(request.Recalibration, validationScores, validationLabels)
        );
        var testCohort = cohort.Cohort.Subset(split.Test);
        test = test with
        {
            Ceiling = AttainableAuc.For(cohort.Cohort.Source, testCohort.PatientIds, [.. testCohort.Labels!]),
        };
        string chosenOn = split.Validation.Count == 0 ? OnPooledOutOfFold : OnValidation;
        return new TestEvaluation(thresholds, validationAuc, test, chosenOn);
    }

    /// <summary>
    /// The fused model's recalibration, fitted on validation; none for tabular-only runs (no fused model).
    /// </summary>
    private static Dictionary<string, Recalibrator> Recalibrators(
        RecalibrationMethod? method,
        Dictionary<string, double[]> validationScores,
        bool[] validationLabels
    )
    {
        var recalibrators = new Dictionary<string, Recalibrator>();
        if (method is { } m && validationScores.TryGetValue("fused", out var fused))
        {
            recalibrators["fused"] = Recalibrator.Fit(m, fused, validationLabels);
        }
        return recalibrators;
    }

    private static double AucOfFinite(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        int[] rows = [.. Enumerable.Range(0, scores.Count).Where(i => double.IsFinite(scores[i]))];
        return RocAuc.Compute([.. rows.Select(i => scores[i])], [.. rows.Select(i => labels[i])]);
    }
}
