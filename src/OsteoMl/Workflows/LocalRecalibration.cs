using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using OsteoMl.Common;
using OsteoMl.Data;
using OsteoMl.Evaluation;
using OsteoMl.Model;
using OsteoMl.Monitoring;

namespace OsteoMl.Workflows;

/// <summary>
/// Local recalibration, the standard remedy when a model moves to a new site and its calibration-in-the-large or
/// positive rate shifts: the decided probability (fused; clinical for tabular-only zips) gets a logistic
/// recalibration fitted on a local labelled sample, and its threshold is chosen again. The before/after comparison
/// is cross-validated by patient. The updated model is the original zip's chain followed by two stock ML.NET
/// Expression transforms (the recalibration, the decision), so a consumer still needs only ML.NET.
/// </summary>
public static class LocalRecalibration
{
    public static RecalibrationResult Run(RecalibrationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Path.GetFullPath(request.OutputModelPath) == Path.GetFullPath(request.ModelPath))
        {
            throw new OutputException(
                "--out must differ from --model: the original model is kept as it was.",
                request.OutputModelPath
            );
        }
        OutputFolder.EnsureWritableFile(request.OutputModelPath, "--out");
        ModelCard card = ModelCard.Read(request.ModelPath);
        using var model = OsteoMlModel.Load(request.ModelPath, request.Device);
        Cohort cohort = CohortReader.Read(
            request.DataPath,
            request.Cohort with
            {
                ExpectedColumns = model.ExpectedClinicalColumns,
                RequireImages = model.UsesImages,
                RequireLabel = true,
            }
        );
        var warnings = CategoryCheck.Warnings(cohort, card, request.Strict);
        bool[] labels = [.. cohort.Labels!];
        string decided = card.DecidedModel;
        DriftReference? trained = DriftReference.Read(request.ModelPath);
        var predictions = model.Score(cohort, trained?.Embedding?.Column);
        double[] probabilities =
        [
            .. predictions.Select(p => (double)(card.UsesImages ? p.FusedProbability : p.ClinicalProbability)),
        ];
        var folds = Folds(cohort, labels, request);
        double[] outOfFold = CrossValidated(probabilities, labels, folds);
        double threshold = request.OperatingPoint.ChooseThreshold(outOfFold, labels);
        var recalibration = LogisticRecalibration.Fit(probabilities, labels);
        var drift = DriftReferenceOf(cohort, predictions, outOfFold, labels, $"p_{decided}", threshold, trained);
        Save(request, model, card, cohort, recalibration, threshold, drift);
        return new RecalibrationResult(
            decided,
            BinaryMetrics.Compute(probabilities, labels, card.Thresholds[decided]),
            BinaryMetrics.Compute(outOfFold, labels, threshold),
            recalibration,
            threshold,
            cohort.Count,
            cohort.PatientIds.Distinct(StringComparer.Ordinal).Count(),
            warnings
        );
    }

    private static PatientFolds Folds(Cohort cohort, bool[] labels, RecalibrationRequest request)
    {
        foreach (bool positive in new[] { true, false })
        {
            int patients = cohort
                .PatientIds.Where((_, i) => labels[i] == positive)
                .Distinct(StringComparer.Ordinal)
                .Count();
            if (patients < request.Folds)
            {
                throw new CohortFormatException(
                    $"{patients} {(positive ? "positive" : "negative")} patients; a cross-validated recalibration "
                        + $"needs at least {request.Folds} of each class.",
                    Path.GetFileName(cohort.Source)
                );
            }
        }
        return PatientFolds.Create(cohort.PatientIds, labels, request.Folds, request.Seed);
    }

    /// <summary>Each row's probability recalibrated by a fit on the other folds' patients.</summary>
    private static double[] CrossValidated(double[] probabilities, bool[] labels, PatientFolds folds)
    {
        double[] outOfFold = new double[probabilities.Length];
        foreach (var fold in folds.All())
        {
            var fit = LogisticRecalibration.Fit(
                [.. fold.TrainRows.Select(i => probabilities[i])],
                [.. fold.TrainRows.Select(i => labels[i])]
            );
            foreach (int i in fold.HeldOutRows)
            {
                outOfFold[i] = fit.Apply(probabilities[i]);
            }
        }
        return outOfFold;
    }

    private static void Save(
        RecalibrationRequest request,
        OsteoMlModel model,
        ModelCard card,
        Cohort cohort,
        LogisticRecalibration recalibration,
        double threshold,
        DriftReference drift
    )
    {
        // The loaded zip's own chain is extended; loading it a second time would unpack its ONNX graphs again.
        var mlContext = new MLContext(0);
        ITransformer original = model.Transformer;
        string decided = card.DecidedModel;
        string column = card.UsesImages ? ModelColumns.FusedProbability : ModelColumns.ClinicalProbability;
        IDataView scored = original.Transform(new CohortDataView(cohort, includeLabel: false));
        var recalibrated = mlContext.Transforms.Expression(column, recalibration.Expression(), column).Fit(scored);
        var decision = DecisionStep.Fit(mlContext, recalibrated.Transform(scored), column, threshold);
        var chain = new TransformerChain<ITransformer>(original, recalibrated, decision);
        var thresholds = new Dictionary<string, double>(card.Thresholds) { [decided] = threshold };
        var updated = card with
        {
            Thresholds = thresholds,
            ThresholdsChosenOn = $"cross-validated recalibrated probabilities of {Path.GetFileName(cohort.Source)}",
            Recalibration =
                $"logistic recalibration of the {decided} probability (intercept {recalibration.Intercept:0.###}, "
                + $"slope {recalibration.Slope:0.###}) on {Path.GetFileName(cohort.Source)} "
                + $"({FileHash.Sha256(cohort.Source)}, {cohort.Count} rows)",
        };
        ModelFile.SaveAtomically(mlContext, chain, model.InputSchema, request.OutputModelPath, updated, drift);
    }

    /// <summary>
    /// The recalibrated zip's drift reference describes the local sample it was recalibrated on: the site is now the
    /// population the model is tuned to, and drift is change from it. The decided score is its cross-validated
    /// recalibrated probability (as the threshold was chosen), so its histogram, flagged rate and calibration are
    /// out of sample; the other scores are unchanged by recalibration. The embedding keeps the training directions
    /// (fitted on other patients, so the local histograms are not optimistic).
    /// </summary>
    private static DriftReference DriftReferenceOf(
        Cohort cohort,
        IReadOnlyList<Prediction> predictions,
        double[] outOfFold,
        bool[] labels,
        string decidedScore,
        double threshold,
        DriftReference? trained
    )
    {
        int[] rows = [.. Enumerable.Range(0, cohort.Count)];
        var scores = new Dictionary<string, double[]>(StringComparer.Ordinal)
        {
            ["p_clinical"] = [.. predictions.Select(p => (double)p.ClinicalProbability)],
        };
        if (!float.IsNaN(predictions[0].ImageProbability))
        {
            scores["p_image"] = [.. predictions.Select(p => (double)p.ImageProbability)];
        }
        scores[decidedScore] = outOfFold;
        string local =
            $"the {cohort.PatientCount} patients of {Path.GetFileName(cohort.Source)} the zip was recalibrated on";
        return DriftReferenceBuilder.Build(
            new DriftReferenceRows
            {
                Cohort = cohort,
                FittedRows = rows,
                InputsOn = local,
                ScoredRows = rows,
                Scores = scores,
                Labels = labels,
                ScoresOn = $"{local} ({decidedScore} cross-validated by patient, as the threshold was chosen)",
                DecidedScore = decidedScore,
                Threshold = threshold,
                Embeddings = trained?.Embedding is { } embedding
                    ? (embedding.Column, [.. predictions.Select(p => p.Embedding ?? [])])
                    : null,
                EmbeddingDirections = trained?.Embedding,
            }
        );
    }
}
