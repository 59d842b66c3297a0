using OsteoMl.Data;
using OsteoMl.Evaluation;

namespace OsteoMl.Monitoring;

/// <summary>
/// Builds a <see cref="DriftReference"/> at training. Inputs are described on the rows the model was fitted on: the
/// largest sample of the population it learned, and inputs do not depend on the fit. Scores, the flagged rate and
/// the AUC are described on held-out rows, because on its own fitted rows a model's scores are more extreme than on
/// new patients of the same population, and monitoring against them would alarm on every new cohort.
/// </summary>
internal static class DriftReferenceBuilder
{
    public static DriftReference Build(DriftReferenceRows rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var cohort = rows.Cohort;
        int[] inputRows = FirstRowPerPatient(cohort, rows.FittedRows);
        int[] scored = FirstRowPerPatient(cohort, rows.ScoredRows);
        int[] positions = [.. scored.Select(row => IndexOf(rows.ScoredRows, row))];
        double[] decided = [.. positions.Select(i => rows.Scores[rows.DecidedScore][i])];
        bool[] heldOutLabels = [.. positions.Select(i => rows.Labels[i])];
        double auc = RocAuc.Compute(decided, heldOutLabels);
        return new DriftReference
        {
            InputsOn = rows.InputsOn,
            ScoresOn = rows.ScoresOn,
            Inputs = [.. cohort.Columns.Select(c => Input(cohort, c, inputRows))],
            Scores =
            [
                .. rows.Scores.Select(s => DriftHistogram.Numeric(s.Key, [.. positions.Select(i => s.Value[i])])),
            ],
            DecidedScore = rows.DecidedScore,
            Threshold = rows.Threshold,
            ScoredPatients = scored.Length,
            Flagged = decided.Count(p => p >= rows.Threshold),
            Auc = double.IsNaN(auc) ? null : auc,
            HeldOut = LabelledStatistics.Compute(
                [.. decided.Zip(heldOutLabels)],
                referenceAuc: null,
                DriftThresholds.Default
            ),
            Embedding = Embedding(rows, inputRows, scored),
        };
    }

    private static EmbeddingReference? Embedding(DriftReferenceRows rows, int[] inputRows, int[] scored)
    {
        if (rows.Embeddings is not { } embeddings)
        {
            return null;
        }
        var (column, values) = embeddings;
        float[][] described = [.. scored.Select(i => values[i])];
        return rows.EmbeddingDirections is { } directions
            ? directions.Redescribed(described)
            : EmbeddingReference.Fit(column, [.. inputRows.Select(i => values[i])], described);
    }

    private static DriftHistogram Input(Cohort cohort, ClinicalColumn column, int[] rows) =>
        column.Kind == ColumnKind.Categorical
            ? DriftHistogram.Categorical(column.Name, [.. rows.Select(i => cohort.Categorical[column.Name][i])])
            : DriftHistogram.Numeric(column.Name, [.. rows.Select(i => (double)cohort.Numeric[column.Name][i])]);

    /// <summary>Each patient's first row (a patient's follow-up film would count them twice in a bin).</summary>
    internal static int[] FirstRowPerPatient(Cohort cohort, IReadOnlyList<int> rows)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. rows.Order().Where(i => seen.Add(cohort.PatientIds[i]))];
    }

    private static int IndexOf(IReadOnlyList<int> rows, int row)
    {
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i] == row)
            {
                return i;
            }
        }
        throw new ArgumentException($"row {row} was not scored.");
    }
}
