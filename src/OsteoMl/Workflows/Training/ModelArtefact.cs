using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using OsteoMl.Data;
using OsteoMl.Imaging;
using OsteoMl.Model;
using OsteoMl.Monitoring;

namespace OsteoMl.Workflows.Training;

/// <summary>
/// Stage 10: the zip. Featurizer (multimodal runs) → scoring chain → the decision at the validation-chosen
/// threshold as a stock Expression, saved atomically with the model card (thresholds, provenance; no patient data).
/// </summary>
internal static class ModelArtefact
{
    public static ModelCard Save(
        TrainingRequest request,
        MLContext mlContext,
        TrainingCohort cohort,
        CohortSplit split,
        RunFolder run,
        ImageFeatures? images,
        FinalFit final,
        SplitViews views,
        TestEvaluation evaluation,
        string clinicalModel,
        FusionChoice? fusion
    )
    {
        var scoring = final.Scoring;
        var (decidedName, decidedColumn) = scoring.Models[0];
        var decision = DecisionStep.Fit(
            mlContext,
            scoring.Scoring.Transform(views.Test),
            decidedColumn,
            evaluation.Thresholds[decidedName]
        );
        var model = images is null
            ? new TransformerChain<ITransformer>(scoring.Scoring, decision)
            : new TransformerChain<ITransformer>(images.Featurizer, scoring.Scoring, decision);
        var card = new ModelCard
        {
            OperatingPoint = request.OperatingPoint.ToString(),
            ThresholdsChosenOn = evaluation.ThresholdsChosenOn,
            FittedOn = final.FittedOn,
            Categories = CategoryCheck.Record(cohort.Cohort, final.Rows),
            Thresholds = evaluation.Thresholds,
            UsesImages = images is not null,
            Seed = run.Manifest.Seed,
            DataHash = cohort.DataHash,
            RunId = run.Manifest.RunId,
            ClinicalModel = clinicalModel,
            Fusion = fusion?.Description,
            FusedCalibration = fusion?.CalibrationText,
            ImageNetwork = Describe(images),
            FilmGrid = images?.Resolution.Side,
            Eligibility = images is null ? null : request.Config.Screening.Eligibility,
            TrainingFingerprints = TrainingFingerprints.Of(cohort.Cohort, final.Rows, cohort.DataHash),
        };
        ModelFile.SaveAtomically(
            mlContext,
            model,
            new CohortDataView(cohort.Cohort, includeLabel: false).Schema,
            request.OutputModelPath,
            card,
            DriftReferenceOf(
                mlContext,
                cohort,
                split,
                views,
                final,
                images,
                decidedName,
                evaluation.Thresholds[decidedName]
            )
        );
        return card;
    }

    /// <summary>
    /// The drift reference: inputs on the fitted rows, scores on the held-out (validation and test) rows, scored by the
    /// saved chain from the features already computed (no film is decoded again).
    /// </summary>
    private static DriftReference DriftReferenceOf(
        MLContext mlContext,
        TrainingCohort cohort,
        CohortSplit split,
        SplitViews views,
        FinalFit final,
        ImageFeatures? images,
        string decidedName,
        double threshold
    )
    {
        int[] heldOut = [.. split.Validation.Concat(split.Test).Order()];
        var (scores, labels) = final.Scoring.Score(SplitViews.Select(mlContext, views.All, cohort, heldOut));
        var named = scores
            .Where(s => s.Key != "logistic")
            .ToDictionary(s => $"p_{s.Key}", s => s.Value, StringComparer.Ordinal);
        int patients = cohort.Cohort.Subset(heldOut).PatientCount;
        bool refitted = heldOut.Any(final.Rows.Contains);
        string scoresOn =
            $"the {patients} held-out patients ({(split.Validation.Count > 0 ? "validation and test splits" : "test split")}"
            + (
                refitted
                    ? "; the saved model was refitted on them too, so its scores there are slightly optimistic)"
                    : ")"
            );
        return DriftReferenceBuilder.Build(
            new DriftReferenceRows
            {
                Cohort = cohort.Cohort,
                FittedRows = final.Rows,
                InputsOn = $"the {cohort.Cohort.Subset(final.Rows).PatientCount} patients the model was fitted on",
                ScoredRows = heldOut,
                Scores = named,
                Labels = labels,
                ScoresOn = scoresOn,
                DecidedScore = $"p_{decidedName}",
                Threshold = threshold,
                Embeddings = EmbeddingsOf(images),
            }
        );
    }

    /// <summary>
    /// The embedding the zip outputs for every cohort row: the trained network's (what the saved graph computed on
    /// every film), or the frozen backbone's that the image head reads.
    /// </summary>
    private static (string Column, IReadOnlyList<float[]> Values)? EmbeddingsOf(ImageFeatures? images) =>
        images is null ? null
        : images.Saved is { } saved ? (ModelColumns.NetworkEmbedding, [.. saved.Outputs.Select(o => o.Embedding)])
        : (ImageStage.EmbeddingColumn, images.HeadFeatures);

    private static string? Describe(ImageFeatures? images) =>
        images is null ? null
        : images.Saved is not { } saved ? $"resnet18 (frozen ImageNet weights, {Precision(images)})"
        : $"wavelet-attention on resnet18, fine-tune {FineTuneModes.Name(saved.Network.Mode)}, best epoch "
            + $"{saved.Network.BestEpoch} of {saved.Network.Epochs}, "
            + (saved.Network.Mode == FineTuneMode.Head ? Precision(images) : "fp32 backbone");

    private static string Precision(ImageFeatures images) =>
        images.Backbone.Int8 is { } int8
            ? $"int8 backbone calibrated on {int8.CalibrationFilms} training films"
            : "fp32 backbone";
}
