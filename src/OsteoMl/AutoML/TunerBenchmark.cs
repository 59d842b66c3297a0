using Microsoft.ML;
using OsteoMl.Data;

namespace OsteoMl.AutoML;

/// <summary>
/// Evidence for the tuners on a tabular cohort: for each time budget, tuner and seed, the best cross-validated
/// score a search finds; and two untuned baselines (ML.NET's default LightGbm and default L-BFGS logistic
/// regression) on the same patient-grouped folds. Uses all rows: this compares search strategies, it does not
/// estimate performance on new patients.
/// </summary>
public static class TunerBenchmark
{
    public static TunerBenchmarkResult Run(
        Cohort cohort,
        IReadOnlyList<string> tuners,
        IReadOnlyList<double> budgetsSeconds,
        IReadOnlyList<int> seeds,
        int folds = 5,
        ObjectiveMetric metric = ObjectiveMetric.Auc,
        IProgress<string>? progress = null,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(cohort);
        var data = new CohortDataView(cohort);
        CrossValidationRunner Runner(int seed, Func<MLContext, TrialParameters, IEstimator<ITransformer>> pipeline) =>
            new(
                "clinical",
                data,
                ModelColumns.Label,
                ModelColumns.PatientId,
                PatientFolds.Create(cohort.PatientIds, cohort.Labels!, folds, seed),
                metric,
                seed,
                pipeline,
                p => TrainerCatalog.Find(p.Trainer)?.EstimateCost(p) ?? 0.1
            );

        var baselines = new List<TunerBenchmarkResult.Baseline>();
        foreach (int seed in seeds)
        {
            foreach (string name in new[] { BaselineModels.LightGbm, BaselineModels.Logistic })
            {
                var runner = Runner(seed, (ml, _) => BaselineModels.Create(name, ml, cohort.Columns, seed));
                var trial = runner.Run(
                    0,
                    new TrialParameters(name, new Dictionary<string, double>()),
                    cancellationToken
                );
                baselines.Add(new(name, seed, trial.Mean, trial.DurationSeconds));
                progress?.Report($"{name}, seed {seed}: {trial.Mean:0.0000} in {trial.DurationSeconds:0.0} s");
            }
        }

        var searches = new List<TunerBenchmarkResult.Search>();
        foreach (double budget in budgetsSeconds)
        {
            foreach (int seed in seeds)
            {
                foreach (string tuner in tuners)
                {
                    var runner = Runner(
                        seed,
                        (ml, p) => ClinicalPipeline.Create(ml, cohort.Columns, ModelColumns.Label, p, seed)
                    );
                    var result = new AutoMLExperiment(
                        Tuners.Create(tuner, TrainerCatalog.All, seed),
                        runner,
                        new ExperimentOptions { TimeBudget = TimeSpan.FromSeconds(budget) }
                    ).Run(cancellationToken: cancellationToken);
                    var best = result.Best;
                    searches.Add(
                        new(tuner, budget, seed, best?.Mean ?? double.NaN, best?.Trainer, result.Trials.Count)
                    );
                    progress?.Report(
                        $"{tuner}, {budget:0} s, seed {seed}: best {best?.Mean:0.0000} ({best?.Trainer}) after "
                            + $"{result.Trials.Count} trials"
                    );
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }
        return new TunerBenchmarkResult(
            Path.GetFileName(cohort.Source),
            cohort.Count,
            metric,
            folds,
            baselines,
            searches
        );
    }
}
