using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace OsteoMl.Fusion;

/// <summary>
/// The fusion rule on the branches' logits, fitted once on out-of-fold rows: the equal-weight logit mean
/// (nothing learned), a weighted average of two branches' probabilities (the weight is a searched setting, not fitted)
/// or an L2-penalised logistic regression. The same type scores the fusion search's held-out
/// folds and becomes the saved stack's last step, so the searched and the saved rule cannot drift apart.
/// </summary>
public sealed class MetaModel
{
    /// <summary>The vector column of branch logits the saved meta-model reads.</summary>
    public const string FeaturesColumn = "StackingFeatures";

    private const double LogitClamp = 1e-6;

    private MetaModel(
        FusionStrategy strategy,
        IReadOnlyList<double> weights,
        double bias,
        BinaryPredictionTransformer<
            CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>
        >? logistic
    )
    {
        Strategy = strategy;
        Weights = weights;
        Bias = bias;
        Logistic = logistic;
    }

    public FusionStrategy Strategy { get; }

    /// <summary>The weight of each branch's logit (1/n each for the logit mean).</summary>
    public IReadOnlyList<double> Weights { get; }

    public double Bias { get; }

    /// <summary>
    /// The fitted ML.NET logistic regression (reads <see cref="FeaturesColumn"/>); null for the logit mean.
    /// </summary>
    internal BinaryPredictionTransformer<
        CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>
    >? Logistic { get; }

    /// <summary>Fits the rule on <paramref name="rows"/> of the per-branch <paramref name="logits"/>.</summary>
    public static MetaModel Fit(
        MLContext mlContext,
        IReadOnlyList<double[]> logits,
        IReadOnlyList<bool> labels,
        IReadOnlyList<int> rows,
        FusionStrategy strategy,
        float l2,
        double firstWeight = 0.5
    )
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(logits);
        if (strategy == FusionStrategy.MeanLogit)
        {
            return new MetaModel(strategy, [.. Enumerable.Repeat(1.0 / logits.Count, logits.Count)], 0, null);
        }
        if (strategy == FusionStrategy.WeightedAverage)
        {
            if (logits.Count != 2)
            {
                throw new ArgumentException("the weighted average fuses exactly two branches.", nameof(logits));
            }
            return new MetaModel(strategy, [firstWeight, 1 - firstWeight], 0, null);
        }
        var schema = SchemaDefinition.Create(typeof(MetaRow));
        var features = schema[nameof(MetaRow.Features)];
        features.ColumnType = new VectorDataViewType(NumberDataViewType.Single, logits.Count);
        features.ColumnName = FeaturesColumn;
        IDataView data = mlContext.Data.LoadFromEnumerable(
            rows.Select(i => new MetaRow { Label = labels[i], Features = [.. logits.Select(l => (float)l[i])] }),
            schema
        );
        var model = mlContext
            .BinaryClassification.Trainers.LbfgsLogisticRegression(
                new LbfgsLogisticRegressionBinaryTrainer.Options
                {
                    LabelColumnName = nameof(MetaRow.Label),
                    FeatureColumnName = FeaturesColumn,
                    L2Regularization = l2,
                    L1Regularization = 0,
                }
            )
            .Fit(data);
        return new MetaModel(
            strategy,
            [.. model.Model.SubModel.Weights.Select(w => (double)w)],
            model.Model.SubModel.Bias,
            model
        );
    }

    /// <summary>The fused probability of one row.</summary>
    public double Predict(IReadOnlyList<double[]> logits, int row) =>
        Strategy switch
        {
            FusionStrategy.MeanLogit => Sigmoid(logits.Average(l => l[row])),
            FusionStrategy.WeightedAverage => Weights[0] * Sigmoid(logits[0][row])
                + Weights[1] * Sigmoid(logits[1][row]),
            _ => Sigmoid(Bias + Weights.Select((w, b) => w * logits[b][row]).Sum()),
        };

    /// <summary>The logit the meta-model reads, with the probability clamped to [1e-6, 1 − 1e-6].</summary>
    public static double Logit(double p)
    {
        double clamped = Math.Clamp(p, LogitClamp, 1 - LogitClamp);
        return Math.Log(clamped / (1 - clamped));
    }

    /// <summary><see cref="Logit"/> as the lambda of a stock ML.NET Expression transform.</summary>
    internal static string LowerClamp => LogitClamp.ToString(System.Globalization.CultureInfo.InvariantCulture);
    internal static string UpperClamp => (1 - LogitClamp).ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal static string LogitExpression => $"p => log(max(p, {LogitClamp}) / max(1 - p, {LogitClamp}))";

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private sealed class MetaRow
    {
        public bool Label { get; set; }
        public float[] Features { get; set; } = [];
    }
}
