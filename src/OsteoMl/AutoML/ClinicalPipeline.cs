using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using OsteoMl.Data;

namespace OsteoMl.AutoML;

/// <summary>
/// The clinical branch for one configuration: numeric and boolean columns → one vector with missing-value
/// indicators and mean imputation; categorical columns → one-hot, or hashed one-hot above
/// <see cref="HashingThreshold"/> distinct values; standardisation for linear learners; then the trainer.
/// Every statistic (means, categories, scales) is learned in <c>Fit</c>, so cross-validation folds never see
/// their held-out rows.
/// </summary>
public static class ClinicalPipeline
{
    public const int HashingThreshold = 32;
    public const string FeaturesColumn = "ClinicalFeatures";

    public static IEstimator<ITransformer> Create(
        MLContext mlContext,
        IReadOnlyList<ClinicalColumn> columns,
        string labelColumnName,
        TrialParameters parameters,
        int seed
    )
    {
        ArgumentNullException.ThrowIfNull(parameters);
        SearchableTrainer trainer =
            TrainerCatalog.Find(parameters.Trainer)
            ?? throw new ArgumentException($"Unknown clinical trainer '{parameters.Trainer}'.", nameof(parameters));
        return Featurize(mlContext, columns, trainer.NeedsNormalization)
            .Append<ITransformer>(
                trainer.Build(mlContext, new TrainerInputs(labelColumnName, FeaturesColumn, seed), parameters)
            );
    }

    public static IEstimator<ITransformer> Featurize(
        MLContext mlContext,
        IReadOnlyList<ClinicalColumn> columns,
        bool normalize
    )
    {
        if (columns.Count == 0)
        {
            throw new ArgumentException("The clinical branch needs at least one clinical column.", nameof(columns));
        }
        const string numeric = "ClinicalNumeric",
            missing = "ClinicalMissing",
            missingFloat = "ClinicalMissingIndicator",
            imputed = "ClinicalNumericImputed",
            raw = "ClinicalFeaturesRaw";
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
                .Append(
                    mlContext.Transforms.ReplaceMissingValues(
                        imputed,
                        numeric,
                        MissingValueReplacingEstimator.ReplacementMode.Mean
                    )
                );
            featureParts.AddRange([imputed, missingFloat]);
            dropAfter.AddRange([numeric, missing]);
        }
        foreach (var column in columns.Where(c => c.Kind == ColumnKind.Categorical))
        {
            string encoded = $"ClinicalOneHot_{column.Name}";
            IEstimator<ITransformer> encode =
                column.DistinctCount > HashingThreshold
                    ? mlContext.Transforms.Categorical.OneHotHashEncoding(encoded, column.Name, numberOfBits: 6)
                    : mlContext.Transforms.Categorical.OneHotEncoding(encoded, column.Name);
            pipeline = pipeline.Append(encode);
            featureParts.Add(encoded);
        }
        string features = normalize ? raw : FeaturesColumn;
        pipeline = pipeline.Append(mlContext.Transforms.Concatenate(features, [.. featureParts]));
        if (normalize)
        {
            pipeline = pipeline.Append(mlContext.Transforms.NormalizeMeanVariance(FeaturesColumn, raw));
            dropAfter.Add(raw);
        }
        return pipeline.Append(mlContext.Transforms.DropColumns([.. dropAfter, .. featureParts]));
    }
}
