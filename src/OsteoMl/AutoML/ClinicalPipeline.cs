using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using OsteoMl.Data;

namespace OsteoMl.AutoML;

/// <summary>
/// The clinical branch: numeric and boolean columns → one vector with missing-value indicators and mean
/// imputation; categorical columns → one-hot; then a gradient-boosted tree ensemble (FastTree).
/// The AutoML engine replaces the fixed trainer settings with a search.
/// </summary>
public static class ClinicalPipeline
{
    public static IEstimator<ITransformer> Create(MLContext mlContext, IReadOnlyList<ClinicalColumn> columns, string labelColumnName, ClinicalTrainerSettings settings)
    {
        if (columns.Count == 0)
        {
            throw new ArgumentException("The clinical branch needs at least one clinical column.", nameof(columns));
        }
        const string numeric = "ClinicalNumeric", missing = "ClinicalMissing", missingFloat = "ClinicalMissingIndicator",
            imputed = "ClinicalNumericImputed", features = "ClinicalFeatures";
        IEstimator<ITransformer> pipeline = new EstimatorChain<ITransformer>();
        var featureParts = new List<string>();
        var dropAfter = new List<string>();

        string[] numericColumns = columns.Where(c => c.Kind != ColumnKind.Categorical).Select(c => c.Name).ToArray();
        if (numericColumns.Length > 0)
        {
            pipeline = pipeline
                .Append(mlContext.Transforms.Concatenate(numeric, numericColumns))
                .Append(mlContext.Transforms.IndicateMissingValues(missing, numeric))
                .Append(mlContext.Transforms.Conversion.ConvertType(missingFloat, missing, DataKind.Single))
                .Append(mlContext.Transforms.ReplaceMissingValues(imputed, numeric, Microsoft.ML.Transforms.MissingValueReplacingEstimator.ReplacementMode.Mean));
            featureParts.AddRange([imputed, missingFloat]);
            dropAfter.AddRange([numeric, missing]);
        }
        foreach (var column in columns.Where(c => c.Kind == ColumnKind.Categorical))
        {
            string encoded = $"ClinicalOneHot_{column.Name}";
            pipeline = pipeline.Append(mlContext.Transforms.Categorical.OneHotEncoding(encoded, column.Name));
            featureParts.Add(encoded);
        }
        pipeline = pipeline.Append(mlContext.Transforms.Concatenate(features, [.. featureParts]));
        pipeline = pipeline.Append(mlContext.Transforms.DropColumns([.. dropAfter, .. featureParts]));
        return pipeline.Append(mlContext.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = labelColumnName,
            FeatureColumnName = features,
            NumberOfLeaves = settings.NumberOfLeaves,
            NumberOfTrees = settings.NumberOfTrees,
            MinimumExampleCountPerLeaf = settings.MinimumExampleCountPerLeaf,
            LearningRate = settings.LearningRate,
            Seed = settings.Seed,
            NumberOfThreads = 1,
        }));
    }
}
