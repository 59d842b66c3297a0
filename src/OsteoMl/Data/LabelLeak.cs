namespace OsteoMl.Data;

/// <summary>
/// A clinical column that alone separates the training labels almost perfectly: probably the label in disguise
/// (e.g. the T-score the label was derived from).
/// </summary>
/// <param name="Column">The column's CSV name.</param>
/// <param name="OutOfFoldAuc">Its univariate score's AUC, cross-fitted on the training split's folds.</param>
/// <param name="Signal">"value" (the values themselves) or "missingness" (only whether a value is present).</param>
public sealed record LabelLeak(string Column, double OutOfFoldAuc, string Signal)
{
    /// <summary>The warning printed by train and written to metrics.json.</summary>
    public string Message =>
        $"column '{Column}' alone separates the training labels (out-of-fold AUC {OutOfFoldAuc:0.000}"
        + (Signal == "missingness" ? ", from whether it is missing" : "")
        + "); if it is measured with or derived from the label (target leakage), exclude it "
        + "(excludeColumns in a --pipeline file), or the test AUC measures the leak, not the model.";
}
