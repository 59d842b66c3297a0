using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using OsteoMl.Common;

namespace OsteoMl.AutoML;

/// <summary>
/// The trainers the AutoML engine searches, with their search spaces. Ranges follow ML.NET AutoML's and
/// FLAML's defaults, narrowed to what small clinical tables (hundreds to a few thousand rows) can support.
/// Every trainer runs single-threaded with a fixed seed, so a configuration always gives the same model.
/// Cost models are per 1,000 rows, fitted by eye to timings on the 2-core development machine.
/// </summary>
public static class TrainerCatalog
{
    public const string FastTree = "FastTree";
    public const string FastForest = "FastForest";
    public const string LightGbm = "LightGbm";
    public const string Gam = "FastTreeGam";
    public const string LogisticRegression = "LbfgsLogisticRegression";
    public const string Sdca = "SdcaLogisticRegression";

    /// <summary>Every clinical trainer, cheapest first.</summary>
    public static IReadOnlyList<SearchableTrainer> All { get; } =
    [
        new(
            LogisticRegression,
            [
                // Starts at ML.NET's defaults (L1 = L2 = 1): every trial costs the same, so start where users would.
                new("l2", 1e-4, 10, 1, LogScale: true),
                new("l1", 1e-4, 10, 1, LogScale: true),
            ],
            needsNormalization: true,
            cost: _ => 0.02,
            build: (ml, io, p) =>
                ml.BinaryClassification.Trainers.LbfgsLogisticRegression(
                    new LbfgsLogisticRegressionBinaryTrainer.Options
                    {
                        LabelColumnName = io.LabelColumnName,
                        FeatureColumnName = io.FeatureColumnName,
                        L2Regularization = (float)p["l2"],
                        L1Regularization = (float)p["l1"],
                        NumberOfThreads = 1,
                    }
                )
        ),
        new(
            Sdca,
            [new("l2", 1e-6, 1, 1e-2, LogScale: true), new("iterations", 10, 200, 10, LogScale: true, IsInteger: true)],
            needsNormalization: true,
            cost: p => 0.01 + 0.0005 * p["iterations"],
            build: (ml, io, p) =>
                ml.BinaryClassification.Trainers.SdcaLogisticRegression(
                    new SdcaLogisticRegressionBinaryTrainer.Options
                    {
                        LabelColumnName = io.LabelColumnName,
                        FeatureColumnName = io.FeatureColumnName,
                        L2Regularization = (float)p["l2"],
                        MaximumNumberOfIterations = p.Int("iterations"),
                        NumberOfThreads = 1,
                        // Shuffling draws from the context's shared random stream, whose use differed between processes
                        // (measured: the same configuration scored 0.797 and 0.799): fixed order keeps trials
                        // reproducible.
                        Shuffle = false,
                    }
                )
        ),
        new(
            FastTree,
            [
                new("leaves", 4, 64, 4, LogScale: true, IsInteger: true),
                new("trees", 4, 500, 4, LogScale: true, IsInteger: true),
                new("minLeaf", 2, 64, 20, LogScale: true, IsInteger: true),
                new("learningRate", 0.01, 1, 0.1, LogScale: true),
                new("featureFraction", 0.5, 1, 1),
            ],
            needsNormalization: false,
            cost: p => 0.02 + 0.00004 * p["trees"] * p["leaves"],
            build: (ml, io, p) =>
                ml.BinaryClassification.Trainers.FastTree(
                    new FastTreeBinaryTrainer.Options
                    {
                        LabelColumnName = io.LabelColumnName,
                        FeatureColumnName = io.FeatureColumnName,
                        NumberOfLeaves = p.Int("leaves"),
                        NumberOfTrees = p.Int("trees"),
                        MinimumExampleCountPerLeaf = p.Int("minLeaf"),
                        LearningRate = p["learningRate"],
                        FeatureFraction = p["featureFraction"],
                        Seed = io.Seed,
                        NumberOfThreads = 1,
                    }
                )
        ),
        new(
            LightGbm,
            [
                new("leaves", 4, 64, 4, LogScale: true, IsInteger: true),
                new("iterations", 4, 500, 4, LogScale: true, IsInteger: true),
                new("minLeaf", 2, 64, 20, LogScale: true, IsInteger: true),
                new("learningRate", 0.01, 1, 0.1, LogScale: true),
                new("l2", 1e-3, 10, 1e-3, LogScale: true),
            ],
            needsNormalization: false,
            cost: p => 0.01 + 0.00002 * p["iterations"] * p["leaves"],
            build: (ml, io, p) =>
                ml.BinaryClassification.Trainers.LightGbm(
                    new LightGbmBinaryTrainer.Options
                    {
                        LabelColumnName = io.LabelColumnName,
                        FeatureColumnName = io.FeatureColumnName,
                        NumberOfLeaves = p.Int("leaves"),
                        NumberOfIterations = p.Int("iterations"),
                        MinimumExampleCountPerLeaf = p.Int("minLeaf"),
                        LearningRate = p["learningRate"],
                        Booster = new GradientBooster.Options { L2Regularization = p["l2"] },
                        Seed = io.Seed,
                        NumberOfThreads = 1,
                        Verbose = false,
                        Silent = true,
                    }
                )
        ),
        new(
            FastForest,
            [
                new("leaves", 4, 64, 4, LogScale: true, IsInteger: true),
                new("trees", 4, 300, 4, LogScale: true, IsInteger: true),
                new("minLeaf", 2, 64, 20, LogScale: true, IsInteger: true),
                new("featureFraction", 0.3, 1, 0.7),
            ],
            needsNormalization: false,
            cost: p => 0.02 + 0.00005 * p["trees"] * p["leaves"],
            // Forest scores are vote fractions, not probabilities: Platt scaling makes them stackable.
            build: (ml, io, p) =>
                ml
                    .BinaryClassification.Trainers.FastForest(
                        new FastForestBinaryTrainer.Options
                        {
                            LabelColumnName = io.LabelColumnName,
                            FeatureColumnName = io.FeatureColumnName,
                            NumberOfLeaves = p.Int("leaves"),
                            NumberOfTrees = p.Int("trees"),
                            MinimumExampleCountPerLeaf = p.Int("minLeaf"),
                            FeatureFraction = p["featureFraction"],
                            Seed = io.Seed,
                            NumberOfThreads = 1,
                        }
                    )
                    .Append(ml.BinaryClassification.Calibrators.Platt(io.LabelColumnName))
        ),
        new(
            Gam,
            [
                new("iterations", 20, 3000, 20, LogScale: true, IsInteger: true),
                new("learningRate", 0.002, 0.2, 0.02, LogScale: true),
                new("minLeaf", 2, 64, 10, LogScale: true, IsInteger: true),
                new("maxBins", 16, 255, 64, LogScale: true, IsInteger: true),
            ],
            needsNormalization: false,
            cost: p => 0.05 + 0.0002 * p["iterations"],
            build: (ml, io, p) =>
                ml.BinaryClassification.Trainers.Gam(
                    new GamBinaryTrainer.Options
                    {
                        LabelColumnName = io.LabelColumnName,
                        FeatureColumnName = io.FeatureColumnName,
                        NumberOfIterations = p.Int("iterations"),
                        LearningRate = p["learningRate"],
                        MinimumExampleCountPerLeaf = p.Int("minLeaf"),
                        MaximumBinCountPerFeature = p.Int("maxBins"),
                        NumberOfThreads = 1,
                    }
                )
        ),
    ];

    /// <summary>Looks a trainer up by name (case-insensitive); null when unknown.</summary>
    public static SearchableTrainer? Find(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The one message for an unknown trainer name (options, pipeline configs and run folders).</summary>
    public static string UnknownMessage(string name) =>
        $"unknown trainer '{name}'; choose from {string.Join(", ", All.Select(t => t.Name))}.";

    /// <summary>
    /// The trainer, or a <see cref="UserInputException"/> naming <paramref name="where"/> (an option or a file).
    /// </summary>
    public static SearchableTrainer FindOrThrow(string name, string where) =>
        Find(name) ?? throw new UserInputException(UnknownMessage(name), where);
}
