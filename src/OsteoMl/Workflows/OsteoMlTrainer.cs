using System.Diagnostics;
using Microsoft.ML;
using OsteoMl.AutoML;
using OsteoMl.Common;
using OsteoMl.Data;
using OsteoMl.Evaluation;
using OsteoMl.Fusion;
using OsteoMl.Reporting;
using OsteoMl.Workflows.Training;

namespace OsteoMl.Workflows;

/// <summary>
/// One training run end to end, as a list of stages (each in <c>Workflows/Training/</c>): cohort and checks →
/// split and folds → image features → clinical search → image head search → fusion and stack → image ablation →
/// reference model → thresholds and test evaluation → the final fit (tabular-only: all rows) → the zip → the run
/// report. A tabular-only run is the same list with the image stages absent. Every cross-fitted stage uses the run's one <see cref="PatientFolds"/>.
/// Cancelling during a search cuts that search only (its best configurations so far) and the later stages run in
/// full; cancelling during the image stage, or aborting at any time, aborts (<see cref="TrainingAbortedException"/>)
/// and writes no model.
/// </summary>
public static class OsteoMlTrainer
{
    public const string EmbeddingColumn = ImageStage.EmbeddingColumn;

    /// <param name="cancellationToken">Cut the search in progress, keep its best trials (first Ctrl+C).</param>
    /// <param name="abortToken">Stop now and write no model (second Ctrl+C, SIGTERM):
    /// <see cref="TrainingAbortedException"/>.</param>
    public static TrainingResult Train(
        TrainingRequest request,
        IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default,
        CancellationToken abortToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(request);
        using var outputLock = OutputLock.Acquire(request.OutputModelPath);
        OutputFolder.EnsureWritable(request.RunsDirectory, "--runs");
        // ML.NET writes a copy of every ONNX graph it wraps (the 64 MB backbone among them) into its temp folder and
        // never removes it; a private folder per run, deleted on every exit path, leaves TMPDIR as it was.
        using var scratch = new ScratchFolder("osteoml-train-");
        return Run(request, scratch.Path, progress, cancellationToken, abortToken);
    }

    private static TrainingResult Run(
        TrainingRequest request,
        string scratch,
        IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken,
        CancellationToken abortToken
    )
    {
        var clock = Stopwatch.StartNew();
        var config = request.Config;
        progress?.Report(new TrainingProgress("Reading cohort"));
        var cohort = TrainingCohort.Read(request);
        foreach (string warning in cohort.Cohort.Warnings)
        {
            progress?.Report(new TrainingProgress("Reading cohort", Detail: $"warning: {warning}"));
        }
        var run = RunFolder.Open(request, cohort);
        int seed = run.Manifest.Seed;
        CohortSplit split = cohort.Split(config.Split, seed, run.Manifest.PoolsValidation);
        PatientFolds folds = cohort.Folds(split, run.Manifest.Folds, seed, run.Manifest.Repeats);
        var labelLeaks = LabelLeakCheck.Run(cohort, split, folds, progress);
        using var context = new SearchContext(run, cancellationToken, abortToken, progress);
        var mlContext = new MLContext(seed) { TempFilePath = scratch };

        ImageFeatures? images = cohort.UsesImages
            ? Abortable(
                run,
                () => ImageStage.Run(request, seed, mlContext, cohort, split, folds, progress, context.StopOrAbort)
            )
            : null;
        using var spilledFilms = images; // the films stay in their temporary file until the report is written
        if (context.StopOrAbort.IsCancellationRequested)
        {
            throw run.Aborted();
        }
        SearchedBranch? image = null;
        if (images is not null)
        {
            var l2 = config.Image.HeadL2Candidates;
            bool select = config.Image.SelectAgainstBackbone;
            (images, image) = ImageBranchStage.Select(
                context,
                mlContext,
                request,
                cohort,
                split,
                folds,
                images,
                l2,
                select
            );
        }
        var views = SplitViews.Create(mlContext, cohort, split, images?.HeadFeatures);
        SearchedBranch clinical = ClinicalStage.Search(context, cohort, views, folds);
        ScoringModel scoring;
        StackingTransformer? stack = null;
        FusionChoice? fusion = null;
        var ablation = ImageAblationResult.None;
        if (images is not null && image is not null)
        {
            stack = FusionStage.Fit(
                context,
                mlContext,
                views,
                folds,
                config.Fusion,
                [image, clinical],
                out string description
            );
            fusion = new FusionChoice(description, stack.Calibration);
            context.ThrowIfAborted();
            context.Report("Image ablation (backbone, + wavelet features, + wavelet attention, fine-tuned)");
            ablation = ImageAblationStage.Run(
                mlContext,
                cohort,
                split,
                folds,
                images,
                config.Image.HeadL2Candidates,
                seed
            );
            scoring = ScoringModel.Stacked(stack);
        }
        else
        {
            context.Report($"Fitting the clinical model ({clinical.Description})");
            scoring = ScoringModel.ClinicalOnly(mlContext, clinical, views.Train);
        }
        context.Report("Fitting the reference logistic regression");
        scoring = scoring.WithReferenceLogistic(mlContext, cohort, seed, views.Train);

        context.Report($"Choosing operating points ({request.OperatingPoint}), evaluating on test");
        OutOfFoldScores? pooled =
            split.Validation.Count > 0
                ? null
                : new(
                    new() { ["clinical"] = clinical.OutOfFold, ["logistic"] = clinical.ReferenceOutOfFold! },
                    clinical.Ensemble!.Labels
                );
        var evaluation = TestEvaluation.Run(request, cohort, split, views, scoring, pooled);
        context.ThrowIfAborted();
        var final = FinalFit.Choose(context, mlContext, request, cohort, split, views, clinical, scoring);
        context.Report("Saving model");
        ModelArtefact.Save(
            request,
            mlContext,
            cohort,
            split,
            run,
            images,
            final,
            views,
            evaluation,
            clinical.Description,
            fusion
        );

        var result = new TrainingResult
        {
            ModelPath = Path.GetFullPath(request.OutputModelPath),
            RunDirectory = Path.GetFullPath(run.Directory),
            RunId = run.Manifest.RunId,
            Seed = seed,
            DataHash = cohort.DataHash,
            Split = RunReport.Summarise(cohort, split),
            Test = evaluation.Test,
            OperatingPoint = request.OperatingPoint,
            ThresholdsChosenOn = evaluation.ThresholdsChosenOn,
            FittedOn = final.FittedOn,
            ValidationAuc = evaluation.ValidationAuc,
            OutOfFoldAuc = OutOfFoldAuc(clinical, stack),
            FusionWeights = stack is null
                ? new Dictionary<string, double>()
                : stack.BranchNames.Zip(stack.MetaWeights).ToDictionary(x => x.First, x => x.Second),
            Duration = clock.Elapsed,
            UsesImages = images is not null,
            Searches = context.Searches,
            Tuner = run.Manifest.Tuner,
            Metric = run.Manifest.Metric,
            Fusion = fusion?.Description,
            FusedCalibration = stack?.Calibration,
            ClinicalModel = clinical.Description,
            ClinicalEnsemble = clinical.Ensemble,
            Cohort = CohortSummary.Of(cohort.Cohort),
            LabelLeaks = labelLeaks,
            Ablation = ablation.Auc,
            AblationVersusBackbone = ablation.VersusBackbone,
            ImageNetworks = RunReport.Networks(images),
            DroppedImageNetworks = images?.Dropped ?? [],
            ImageSelection = images?.Selection,
            Backbone = images?.Backbone,
            FilmGrid = images?.Resolution,
        };
        RunReport.Write(result, request, run, split, cohort, images, progress);
        stack?.Dispose();
        return result;
    }

    /// <summary>
    /// Each branch's AUC on its out-of-fold predictions (tabular-only: the clinical ensemble's, as there is no stack).
    /// </summary>
    private static Dictionary<string, double> OutOfFoldAuc(SearchedBranch clinical, StackingTransformer? stack)
    {
        if (stack is null)
        {
            return new Dictionary<string, double>
            {
                [ClinicalStage.Stage] = RocAuc.Compute(clinical.OutOfFold, clinical.Ensemble!.Labels),
            };
        }
        return stack
            .BranchNames.Select(
                (name, b) => (name, auc: RocAuc.Compute(stack.OutOfFoldProbabilities[b], stack.TrainingLabels))
            )
            .ToDictionary(x => x.name, x => x.auc);
    }

    /// <summary>Image work stopped by Ctrl+C or SIGTERM aborts the run: there is nothing to finish with.</summary>
    private static T Abortable<T>(RunFolder run, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (OperationCanceledException)
        {
            throw run.Aborted();
        }
    }
}
