namespace OsteoMl.Workflows;

/// <summary>
/// One table and split of the holdout benchmark: holdout AUC of OsteoMl's <c>train --no-images</c> zip and of the
/// two baselines fitted on the same 70 %, and what the AutoML run itself expected (its out-of-fold estimate).
/// </summary>
public sealed record HoldoutScore(
    string Table,
    int Split,
    int TrainRows,
    int HoldoutRows,
    double OsteoMl,
    double Logistic,
    double LightGbm,
    double ExpectedAuc,
    int Trials,
    string ClinicalModel
);
