namespace OsteoMl.Evaluation;

/// <summary>
/// A subgroup (e.g. sex = F, age 70–79): its size, positives and each model's AUC with a 95 % interval.
/// </summary>
public sealed record SubgroupResult(
    string Variable,
    string Level,
    int N,
    int NPositive,
    IReadOnlyDictionary<string, AucEstimate> Auc
);
