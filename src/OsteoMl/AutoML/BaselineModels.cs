using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;
using OsteoMl.Data;

namespace OsteoMl.AutoML;

/// <summary>
/// The untuned references every AutoML claim is measured against: ML.NET's L-BFGS logistic regression and LightGbm,
/// each with default settings, on the clinical featurization (imputed; standardised for the linear model).
/// </summary>
public static class BaselineModels
{
    public const string Logistic = "default logistic regression";
    public const string LightGbm = "default LightGbm";

    public static IEstimator<ITransformer> Create(
        string name,
        MLContext mlContext,
        IReadOnlyList<ClinicalColumn> columns,
        int seed
    ) =>
        name switch
        {
            Logistic => ClinicalPipeline
                .Featurize(mlContext, columns, normalize: true)
                .Append(
                    mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression(
                        new LbfgsLogisticRegressionBinaryTrainer.Options
                        {
                            LabelColumnName = ModelColumns.Label,
                            FeatureColumnName = ClinicalPipeline.FeaturesColumn,
                            NumberOfThreads = 1,
                        }
                    )
                ),
            LightGbm => ClinicalPipeline
                .Featurize(mlContext, columns, normalize: false)
                .Append(
                    mlContext.BinaryClassification.Trainers.LightGbm(
                        new LightGbmBinaryTrainer.Options
                        {
                            LabelColumnName = ModelColumns.Label,
                            FeatureColumnName = ClinicalPipeline.FeaturesColumn,
                            Seed = seed,
                            NumberOfThreads = 1,
                            Silent = true,
                        }
                    )
                ),
            _ => throw new ArgumentException($"no baseline called '{name}'.", nameof(name)),
        };
}
