using OsteoMl.Common;
using OsteoMl.Data;
using OsteoMl.Evaluation;

namespace OsteoMl.Workflows.Training;

/// <summary>
/// Part of the cohort checks: finds clinical columns that alone separate the training labels almost perfectly, as
/// AutoML tools flag target leakage. Each column gets a one-column score cross-fitted on the run's folds over the
/// training split (the first repeat); the test split is never looked at. Numeric and yes/no columns: the value,
/// missing values imputed with the fitting folds' median, oriented by its AUC on the fitting folds (the
/// cross-fitted max(AUC, 1 − AUC)); and, where values are missing, whether a value is present. Categorical
/// columns: the fitting folds' label mean of each category (missing is a category of its own; a category the
/// fitting folds lack gets their overall mean).
/// </summary>
internal static class LabelLeakCheck
{
    /// <summary>
    /// Out-of-fold AUC from which a single column is reported. Real single clinical predictors of osteoporosis are
    /// far below: screening scores built from several of them (OST: age and weight; FRAX) reach about 0.7–0.8
    /// against DXA, and the best single column of the shipped synthetic cohort reaches 0.73 (age, max(AUC, 1 − AUC)
    /// on all 423 rows; its t_score, excluded by default, 1.000). A column the label is computed from scores 1.000
    /// (issue 28: dxa_tscore_lumbar); 0.98 leaves room for such a column recorded with a few gaps or rounding, while
    /// no honest feature comes close.
    /// </summary>
    public const double Threshold = 0.98;

    public const string Stage = "Checking clinical columns for label leaks";

    /// <summary>Finds the leaking columns and reports them as one warning detail (each is also in the result).</summary>
    public static IReadOnlyList<LabelLeak> Run(
        TrainingCohort cohort,
        CohortSplit split,
        PatientFolds folds,
        IProgress<TrainingProgress>? progress
    )
    {
        var leaks = Find(cohort.Cohort, split.Train, folds);
        if (leaks.Count > 0)
        {
            // One detail: the non-interactive display prints only a stage's last one.
            string detail = "warning: " + string.Join(" Also: ", leaks.Select(l => l.Message));
            progress?.Report(new TrainingProgress(Stage, Detail: detail));
        }
        return leaks;
    }

    /// <param name="trainRows">The training split's rows of <paramref name="cohort"/>, in the folds' row order.</param>
    public static IReadOnlyList<LabelLeak> Find(Cohort cohort, IReadOnlyList<int> trainRows, PatientFolds folds)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(folds);
        folds.CheckAligned([.. trainRows.Select(i => cohort.PatientIds[i])], "label leak check");
        bool[] labels = [.. trainRows.Select(i => cohort.Labels![i])];
        PatientFold[] firstRepeat = [.. folds.All().Where(f => f.Repeat == 0)];
        var leaks = new List<LabelLeak>();
        foreach (var column in cohort.Columns)
        {
            var (auc, signal) = Score(cohort, column, trainRows, labels, firstRepeat);
            if (auc >= Threshold)
            {
                leaks.Add(new LabelLeak(column.Name, auc, signal));
            }
        }
        return [.. leaks.OrderByDescending(l => l.OutOfFoldAuc)];
    }

    private static (double Auc, string Signal) Score(
        Cohort cohort,
        ClinicalColumn column,
        IReadOnlyList<int> trainRows,
        bool[] labels,
        PatientFold[] folds
    )
    {
        if (cohort.Numeric.TryGetValue(column.Name, out float[]? numbers))
        {
            float[] values = [.. trainRows.Select(i => numbers[i])];
            double value = OutOfFoldAuc(folds, labels, fold => OrientedValues(values, labels, fold));
            if (!values.Any(float.IsNaN))
            {
                return (value, "value");
            }
            string[] presence = [.. values.Select(v => float.IsNaN(v) ? "missing" : "present")];
            double missingness = OutOfFoldAuc(folds, labels, fold => CategoryMeans(presence, labels, fold));
            return missingness > value ? (missingness, "missingness") : (value, "value");
        }
        if (!cohort.Categorical.TryGetValue(column.Name, out string[]? text))
        {
            return (double.NaN, "value");
        }
        string[] categories = [.. trainRows.Select(i => text[i])];
        return (OutOfFoldAuc(folds, labels, fold => CategoryMeans(categories, labels, fold)), "value");
    }

    /// <summary>Pools each fold's held-out scores (from a scorer fitted on its other rows) into one AUC.</summary>
    private static double OutOfFoldAuc(PatientFold[] folds, bool[] labels, Func<PatientFold, double[]> heldOutScores)
    {
        var scores = new List<double>(labels.Length);
        var heldOutLabels = new List<bool>(labels.Length);
        foreach (var fold in folds)
        {
            scores.AddRange(heldOutScores(fold));
            heldOutLabels.AddRange(fold.HeldOutRows.Select(r => labels[r]));
        }
        return RocAuc.Compute(scores, heldOutLabels);
    }

    /// <summary>Held-out values, missing ones imputed and all oriented by the fitting rows.</summary>
    private static double[] OrientedValues(float[] values, bool[] labels, PatientFold fold)
    {
        double[] present = [.. fold.TrainRows.Select(r => (double)values[r]).Where(v => !double.IsNaN(v)).Order()];
        double median = present.Length == 0 ? 0 : present[present.Length / 2];
        double Imputed(int row) => float.IsNaN(values[row]) ? median : values[row];
        double fitted = RocAuc.Compute([.. fold.TrainRows.Select(Imputed)], [.. fold.TrainRows.Select(r => labels[r])]);
        double sign = double.IsNaN(fitted) || fitted >= 0.5 ? 1 : -1;
        return [.. fold.HeldOutRows.Select(r => sign * Imputed(r))];
    }

    /// <summary>Held-out rows scored by their category's label mean on the fitting rows.</summary>
    private static double[] CategoryMeans(string[] categories, bool[] labels, PatientFold fold)
    {
        double overall = fold.TrainRows.Average(r => labels[r] ? 1.0 : 0.0);
        var means = fold
            .TrainRows.GroupBy(r => categories[r], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Average(r => labels[r] ? 1.0 : 0.0), StringComparer.Ordinal);
        return [.. fold.HeldOutRows.Select(r => means.GetValueOrDefault(categories[r], overall))];
    }
}
