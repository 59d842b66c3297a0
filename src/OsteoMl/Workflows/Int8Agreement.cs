using Microsoft.ML;
using Microsoft.ML.Data;
using OsteoMl.Evaluation;
using OsteoMl.Imaging;

namespace OsteoMl.Workflows;

/// <summary>
/// How far the int8 backbone's embeddings are from the float ones on the same films, and whether an image head
/// discriminates as well on them: out-of-fold AUC of the same logistic head (5 folds by patient) on each, paired
/// DeLong. The guard in <c>bench perf</c>; the whole-pipeline guard is <c>bench/int8-guard.sh</c>.
/// </summary>
public sealed record Int8Agreement(
    int CalibrationFilms,
    int ComparedFilms,
    double MaxAbsEmbeddingDifference,
    double EmbeddingRelativeRms,
    AucComparison? OutOfFoldAuc
)
{
    /// <summary>The head's penalty (the middle of the training grid; both precisions get the same one).</summary>
    public const float HeadL2 = 100;

    public const int Folds = 5;

    public static Int8Agreement Measure(
        int calibrationFilms,
        float[][] fp32,
        float[][] int8,
        IReadOnlyList<string> patientIds,
        IReadOnlyList<bool>? labels
    )
    {
        var (largest, relativeRms) = Differences(fp32, int8);
        AucComparison? auc = null;
        if (labels is not null && labels.Distinct().Count() == 2)
        {
            auc = DeLong.Compare(OutOfFold(fp32, patientIds, labels), OutOfFold(int8, patientIds, labels), labels);
        }
        return new Int8Agreement(calibrationFilms, fp32.Length, largest, relativeRms, auc);
    }

    /// <summary>The largest |int8 − float| and √(Σ(int8 − float)² / Σ float²) over the films' embeddings.</summary>
    public static (double MaxAbs, double RelativeRms) Differences(float[][] fp32, float[][] int8)
    {
        double largest = 0,
            difference = 0,
            reference = 0;
        for (int film = 0; film < fp32.Length; film++)
        {
            for (int k = 0; k < fp32[film].Length; k++)
            {
                double d = fp32[film][k] - int8[film][k];
                largest = Math.Max(largest, Math.Abs(d));
                difference += d * d;
                reference += (double)fp32[film][k] * fp32[film][k];
            }
        }
        return (largest, Math.Sqrt(difference / reference));
    }

    private static double[] OutOfFold(
        float[][] embeddings,
        IReadOnlyList<string> patientIds,
        IReadOnlyList<bool> labels
    )
    {
        var mlContext = new MLContext(1);
        var fold = OsteoMl.Data.PatientFolds.Create(patientIds, labels, Folds, seed: 1).Assignment();
        var scores = new double[embeddings.Length];
        for (int k = 0; k < Folds; k++)
        {
            int[] train = [.. Enumerable.Range(0, embeddings.Length).Where(i => fold[i] != k)];
            int[] test = [.. Enumerable.Range(0, embeddings.Length).Where(i => fold[i] == k)];
            if (test.Length == 0 || train.Select(i => labels[i]).Distinct().Count() < 2)
            {
                continue;
            }
            var head = ImageHead
                .Create(mlContext, nameof(Row.Embedding), nameof(Row.Label), HeadL2)
                .Fit(View(mlContext, embeddings, labels, train));
            float[] probabilities = head.Transform(View(mlContext, embeddings, labels, test))
                .GetColumn<float>("Probability")
                .ToArray();
            for (int i = 0; i < test.Length; i++)
            {
                scores[test[i]] = probabilities[i];
            }
        }
        return scores;
    }

    private static IDataView View(MLContext mlContext, float[][] embeddings, IReadOnlyList<bool> labels, int[] rows)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Embedding)].ColumnType = new VectorDataViewType(
            NumberDataViewType.Single,
            embeddings[0].Length
        );
        return mlContext.Data.LoadFromEnumerable(
            rows.Select(i => new Row { Embedding = embeddings[i], Label = labels[i] }),
            schema
        );
    }

    private sealed class Row
    {
        public float[] Embedding { get; set; } = [];
        public bool Label { get; set; }
    }
}
