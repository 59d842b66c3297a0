using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace OsteoMl.Imaging;

/// <summary>
/// The image branch's classifier on the image features (the frozen ResNet18 embedding, or the trained network's
/// logit): standardise, then an L2-regularised logistic regression (512 features, a few hundred films: a linear
/// head is what the data can support). Its penalty is chosen from a grid by the run's cross-validation.
/// </summary>
public static class ImageHead
{
    /// <summary>The head's name in trials.jsonl and the leaderboard.</summary>
    public const string TrainerName = "ImageLogistic";

    /// <summary>
    /// Relative cost of one fit per thousand rows (the AutoML runner's unit; a head fits in milliseconds).
    /// </summary>
    public const double CostPerThousandRows = 0.05;

    public static IEstimator<ITransformer> Create(
        MLContext mlContext,
        string embeddingColumnName,
        string labelColumnName,
        float l2Regularization
    )
    {
        const string normalised = "ImageEmbeddingNormalised";
        return mlContext
            .Transforms.NormalizeMeanVariance(normalised, embeddingColumnName)
            .Append(
                mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression(
                    new LbfgsLogisticRegressionBinaryTrainer.Options
                    {
                        LabelColumnName = labelColumnName,
                        FeatureColumnName = normalised,
                        L2Regularization = l2Regularization,
                        L1Regularization = 0,
                    }
                )
            );
    }
}
