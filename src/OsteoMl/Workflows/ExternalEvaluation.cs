using OsteoMl.Common;
using OsteoMl.Data;
using OsteoMl.Evaluation;
using OsteoMl.Model;

namespace OsteoMl.Workflows;

/// <summary>
/// Evaluates a trained zip on a new labelled cohort (external validation) with every threshold frozen as it was
/// at training: the learned models' thresholds from the model card (chosen on the training run's validation
/// split), the traditional tools' published cut-offs. Nothing is fitted on the new cohort.
/// </summary>
public static class ExternalEvaluation
{
    public static ExternalEvaluationResult Run(EvaluationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ModelCard card = ModelCard.Read(request.ModelPath);
        using var model = OsteoMlModel.Load(request.ModelPath, request.Device);
        var options = request.Cohort with
        {
            ExpectedColumns = model.ExpectedClinicalColumns,
            RequireImages = model.UsesImages,
            RequireLabel = true,
        };
        Cohort cohort = CohortReader.Read(request.DataPath, options);
        bool[] labels = [.. cohort.Labels!];
        if (labels.All(l => l) || labels.All(l => !l))
        {
            throw new CohortFormatException(
                "the label has only one class; evaluation needs both.",
                Path.GetFileName(cohort.Source),
                column: options.LabelFromTScoreColumn ?? options.LabelColumn
            );
        }
        var warnings = CategoryCheck.Warnings(cohort, card, request.Strict);
        var predictions = model.Score(cohort);
        var columns = new (string Name, Func<Prediction, float> Get)[]
        {
            ("fused", p => p.FusedProbability),
            ("image", p => p.ImageProbability),
            ("clinical", p => p.ClinicalProbability),
            ("logistic", p => p.LogisticProbability),
        };
        var models = columns
            .Where(c => card.Thresholds.ContainsKey(c.Name) && predictions.Any(p => !float.IsNaN(c.Get(p))))
            .Select(c => new ModelScores(
                c.Name,
                predictions.Select(p => (double)c.Get(p)).ToArray(),
                card.Thresholds[c.Name]
            ))
            .ToList();
        var tools = ClinicalRiskScores.Compute(cohort);
        models.AddRange(tools.Select(t => t.AsModel()).OfType<ModelScores>());
        var result = ModelEvaluator.Evaluate(
            models,
            labels,
            cohort,
            request.BootstrapReplicates,
            RiskTool.SkippedReasons(tools)
        );
        result = result with { Ceiling = AttainableAuc.For(cohort.Source, cohort.PatientIds, labels) };
        string decided = card.DecidedModel;
        var decidedScores = models.FirstOrDefault(m => m.Name == decided);
        if (decidedScores is not null && CalibrationShift(decided, decidedScores.Scores, labels) is { } shift)
        {
            warnings = [.. warnings, shift];
        }
        return new ExternalEvaluationResult(
            result,
            CohortSummary.Of(cohort),
            card,
            FileHash.Sha256(cohort.Source),
            warnings,
            card.TrainingFingerprints?.Overlap(cohort)
        );
    }

    /// <summary>
    /// Calibration-in-the-large beyond chance: observed cases O against the expected Σp, z = (O − Σp)/√Σp(1 − p)
    /// (the variance of O if the probabilities were right), |z| &gt; 1.96. A moved site shows it first; the remedy
    /// is a local recalibration.
    /// </summary>
    private static string? CalibrationShift(string model, IReadOnlyList<double> scores, bool[] labels)
    {
        int[] rows = [.. Enumerable.Range(0, labels.Length).Where(i => double.IsFinite(scores[i]))];
        double expected = rows.Sum(i => scores[i]);
        double variance = rows.Sum(i => scores[i] * (1 - scores[i]));
        int observed = rows.Count(i => labels[i]);
        double z = variance > 0 ? (observed - expected) / Math.Sqrt(variance) : 0;
        if (Math.Abs(z) <= 1.96)
        {
            return null;
        }
        double p = 2 * (1 - MathNet.Numerics.Distributions.Normal.CDF(0, 1, Math.Abs(z)));
        return $"site shift: the {model} probability expects {expected:0.#} positive rows, {observed} were observed "
            + $"(calibration-in-the-large z = {z:0.00}, p = {p:0.0000}); its frozen threshold may no longer give the "
            + "trained sensitivity and specificity. `osteoml recalibrate` fits a local update.";
    }
}
