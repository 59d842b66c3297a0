using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace OsteoMl.Imaging;

/// <summary>
/// The image branch's classifier on the frozen ResNet18 embedding: standardise, then an L2-regularised
/// logistic regression (512 features, a few hundred films: a linear head is what the data can support).
/// </summary>
public static class ImageHead
{
    public static IEstimator<ITransformer> Create(MLContext mlContext, string embeddingColumnName, string labelColumnName, float l2Regularization)
    {
        const string normalised = "ImageEmbeddingNormalised";
        return mlContext.Transforms.NormalizeMeanVariance(normalised, embeddingColumnName)
            .Append(mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            {
                LabelColumnName = labelColumnName,
                FeatureColumnName = normalised,
                L2Regularization = l2Regularization,
                L1Regularization = 0,
            }));
    }
}
