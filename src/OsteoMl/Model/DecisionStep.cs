using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using OsteoMl.Data;

namespace OsteoMl.Model;

/// <summary>
/// The zip's last step: the decision at the frozen threshold (<see cref="ModelColumns.Predicted"/>) and the decided
/// model's outputs under ML.NET's standard binary-classification names. An app written from any ML.NET sample reads
/// <c>Probability</c>, <c>PredictedLabel</c> and <c>Score</c>; before this step those were the last fitted
/// trainer's (the reference logistic regression at a 0.5 cut-off), so such an app got another model's decision.
/// Stock Expression and CopyColumns transforms only: later columns of the same name hide the earlier ones.
/// </summary>
public static class DecisionStep
{
    public const string Probability = "Probability";
    public const string PredictedLabel = "PredictedLabel";
    public const string Score = "Score";

    /// <param name="scored">The chain's output so far (fitting reads only its schema).</param>
    /// <param name="decidedColumn">The decided model's probability column (fused, or clinical for a tabular zip).</param>
    public static ITransformer Fit(MLContext mlContext, IDataView scored, string decidedColumn, double threshold)
    {
        string cut = threshold.ToString("R", CultureInfo.InvariantCulture);
        return mlContext
            .Transforms.Expression(ModelColumns.Predicted, $"p => p >= {cut}", decidedColumn)
            .Append(mlContext.Transforms.CopyColumns(Probability, decidedColumn))
            .Append(mlContext.Transforms.CopyColumns(PredictedLabel, ModelColumns.Predicted))
            // The margin ML.NET's evaluators rank by: the logit of the decided probability, clamped as the stack's.
            .Append(mlContext.Transforms.Expression(Score, OsteoMl.Fusion.MetaModel.LogitExpression, decidedColumn))
            .Fit(scored);
    }
}
