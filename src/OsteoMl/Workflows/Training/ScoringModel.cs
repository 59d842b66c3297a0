using Microsoft.ML;
using Microsoft.ML.Data;
using OsteoMl.AutoML;
using OsteoMl.Data;
using OsteoMl.Fusion;

namespace OsteoMl.Workflows.Training;

/// <summary>
/// Stage 8: the fitted models as one chain of stock transformers (no featurizer, no decision yet) and the
/// compared models it writes, the saved decision's model first.
/// </summary>
internal sealed record ScoringModel(ITransformer Scoring, IReadOnlyList<(string Name, string Column)> Models)
{
    public static ScoringModel Stacked(StackingTransformer stack) =>
        new(
            stack.Chain,
            [
                ("fused", ModelColumns.FusedProbability),
                ("image", ModelColumns.ImageProbability),
                ("clinical", ModelColumns.ClinicalProbability),
            ]
        );

    /// <summary>Tabular-only runs: the clinical branch refitted on all training rows is the model.</summary>
    public static ScoringModel ClinicalOnly(MLContext mlContext, SearchedBranch clinical, IDataView train)
    {
        var model = clinical.Estimator(mlContext).Fit(train);
        var keep = mlContext
            .Transforms.CopyColumns(ModelColumns.ClinicalProbability, "Probability")
            .Fit(model.Transform(train));
        return new(new TransformerChain<ITransformer>(model, keep), [("clinical", ModelColumns.ClinicalProbability)]);
    }

    /// <summary>
    /// Adds the reference model every screening paper should beat: ML.NET's default logistic regression.
    /// </summary>
    public ScoringModel WithReferenceLogistic(MLContext mlContext, TrainingCohort cohort, int seed, IDataView train)
    {
        var logistic = ClinicalPipeline
            .Create(mlContext, cohort.Cohort.Columns, ModelColumns.Label, Portfolio.ReferenceLogistic, seed)
            .Fit(train);
        var keep = mlContext
            .Transforms.CopyColumns(ModelColumns.LogisticProbability, "Probability")
            .Fit(logistic.Transform(Scoring.Transform(train)));
        return new(
            new TransformerChain<ITransformer>(Scoring, logistic, keep),
            [.. Models, ("logistic", ModelColumns.LogisticProbability)]
        );
    }

    /// <summary>Each model's probabilities and the labels, read in one pass over the scored rows.</summary>
    public (Dictionary<string, double[]> Scores, bool[] Labels) Score(IDataView data)
    {
        IDataView scored = Scoring.Transform(data);
        var scores = Models.ToDictionary(m => m.Name, _ => new List<double>());
        var labels = new List<bool>();
        using var cursor = scored.GetRowCursor(scored.Schema);
        var getters = Models.Select(m => (m.Name, Get: cursor.GetGetter<float>(scored.Schema[m.Column]))).ToArray();
        var getLabel = cursor.GetGetter<bool>(scored.Schema[ModelColumns.Label]);
        float probability = 0;
        bool label = false;
        while (cursor.MoveNext())
        {
            foreach (var (name, get) in getters)
            {
                get(ref probability);
                scores[name].Add(probability);
            }
            getLabel(ref label);
            labels.Add(label);
        }
        return (scores.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()), [.. labels]);
    }
}
