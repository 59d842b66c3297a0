using Microsoft.ML;
using Microsoft.ML.Data;
using OsteoMl.AutoML;
using OsteoMl.Common;
using OsteoMl.Data;
using OsteoMl.Evaluation;
using OsteoMl.Imaging;
using OsteoMl.Model;

namespace OsteoMl.Workflows;

/// <summary>
/// Generalisation evidence for the clinical AutoML: for each table and each split seed a stratified 70/30 split
/// (development seeds 1, 2, 3, fixed before tuning; later seeds for confirmation), <c>train --no-images</c> on the 70 % exactly as a user runs it, then its zip scores
/// the 30 % it never saw; two baselines are fitted on the same 70 % and scored on the same 30 %: ML.NET's L-BFGS
/// logistic regression with default settings on imputed, standardised features, and LightGbm with defaults.
/// </summary>
public static class HoldoutBenchmark
{
    public const double TrainFraction = 0.7;

    public static IReadOnlyList<HoldoutScore> Run(
        IReadOnlyList<BenchmarkTable> tables,
        PipelineConfig config,
        IReadOnlyList<int> splitSeeds,
        TimeSpan budget,
        int seed,
        IProgress<string>? progress = null,
        CancellationToken cancellationToken = default
    )
    {
        var scores = new List<HoldoutScore>();
        using var scratch = new ScratchFolder("osteoml-bench-");
        foreach (var table in tables)
        {
            var options = Options(table, config);
            var lines = DataLines(table, options);
            foreach (int split in splitSeeds)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string folder = Path.Combine(scratch.Path, $"{table.Name}-{split}");
                Directory.CreateDirectory(folder);
                var score = RunSplit(table, lines, options, config, split, budget, seed, folder, cancellationToken);
                scores.Add(score);
                progress?.Report(
                    $"{table.Name} split {split}: OsteoMl {score.OsteoMl:0.000} · logistic {score.Logistic:0.000} "
                        + $"· LightGbm {score.LightGbm:0.000} ({score.Trials} trials, {score.ClinicalModel})"
                );
                Directory.Delete(folder, recursive: true);
            }
        }
        return scores;
    }

    private static CohortOptions Options(BenchmarkTable table, PipelineConfig config) =>
        new()
        {
            LabelColumn = table.Label,
            IdColumnOptional = true,
            RequireImages = false,
            AllowIdentifierColumns = table.AllowIdentifierColumns,
            ExcludeColumns = config.ExcludeColumns,
        };

    /// <summary>The header and the data lines with their labels; a quoted field spanning lines is refused.</summary>
    private static (string Header, string[] Rows, bool[] Labels) DataLines(BenchmarkTable table, CohortOptions options)
    {
        Cohort cohort = CohortReader.Read(table.File, options);
        string[] lines = [.. File.ReadAllLines(table.File).Where(l => l.Trim().Length > 0)];
        if (lines.Length - 1 != cohort.Count)
        {
            throw new CohortFormatException(
                "the benchmark splits tables by line; this one has fields spanning lines.",
                table.File
            );
        }
        return (lines[0], lines[1..], [.. cohort.Labels!]);
    }

    private static HoldoutScore RunSplit(
        BenchmarkTable table,
        (string Header, string[] Rows, bool[] Labels) lines,
        CohortOptions options,
        PipelineConfig config,
        int split,
        TimeSpan budget,
        int seed,
        string folder,
        CancellationToken cancellationToken
    )
    {
        var (trainRows, holdoutRows) = StratifiedSplit(lines.Labels, TrainFraction, split);
        string trainCsv = Path.Combine(folder, "train.csv"),
            holdoutCsv = Path.Combine(folder, "holdout.csv");
        File.WriteAllLines(trainCsv, [lines.Header, .. trainRows.Select(i => lines.Rows[i])]);
        File.WriteAllLines(holdoutCsv, [lines.Header, .. holdoutRows.Select(i => lines.Rows[i])]);

        var request = new TrainingRequest
        {
            DataPath = trainCsv,
            OutputModelPath = Path.Combine(folder, "model.zip"),
            RunsDirectory = Path.Combine(folder, "runs"),
            Seed = seed,
            Config = config,
            Cohort = options,
            NoImages = true,
            FineTune = FineTuneMode.None,
            TimeBudget = budget,
        };
        var result = OsteoMlTrainer.Train(request, cancellationToken: cancellationToken);
        Cohort train = CohortReader.Read(trainCsv, options);
        var columns = train.Columns.ToDictionary(c => c.Name, c => c.Kind);
        Cohort holdout = CohortReader.Read(holdoutCsv, options with { ExpectedColumns = columns });
        bool[] labels = [.. holdout.Labels!];
        double osteoMl;
        using (var model = OsteoMlModel.Load(request.OutputModelPath))
        {
            osteoMl = RocAuc.Compute([.. model.Score(holdout).Select(p => (double)p.Probability)], labels);
        }
        var search = result.Searches[ClinicalSearchStage];
        return new HoldoutScore(
            table.Name,
            split,
            trainRows.Length,
            holdoutRows.Length,
            osteoMl,
            Baseline(train, holdout, BaselineModels.Logistic),
            Baseline(train, holdout, BaselineModels.LightGbm),
            result.OutOfFoldAuc.GetValueOrDefault(ClinicalSearchStage, double.NaN),
            search.Trials.Count,
            result.ClinicalModel ?? "—"
        );
    }

    private const string ClinicalSearchStage = "clinical";

    /// <summary>Row indices of a label-stratified split: each class shuffled with the split's seed, then cut.</summary>
    public static (int[] Train, int[] Holdout) StratifiedSplit(IReadOnlyList<bool> labels, double fraction, int seed)
    {
        var random = new Random(seed);
        var train = new List<int>();
        var holdout = new List<int>();
        foreach (bool positive in new[] { true, false })
        {
            int[] rows = [.. Enumerable.Range(0, labels.Count).Where(i => labels[i] == positive)];
            random.Shuffle(rows);
            int cut = (int)Math.Round(rows.Length * fraction);
            train.AddRange(rows[..cut]);
            holdout.AddRange(rows[cut..]);
        }
        return ([.. train.Order()], [.. holdout.Order()]);
    }

    private static double Baseline(Cohort train, Cohort holdout, string baseline)
    {
        var mlContext = new MLContext(0);
        var model = BaselineModels.Create(baseline, mlContext, train.Columns, seed: 0).Fit(new CohortDataView(train));
        float[] probabilities = [.. model.Transform(new CohortDataView(holdout)).GetColumn<float>("Probability")];
        return RocAuc.Compute([.. probabilities.Select(p => (double)p)], [.. holdout.Labels!]);
    }
}
