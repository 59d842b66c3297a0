namespace OsteoMl.Evaluation;

/// <summary>
/// Model A vs model B on the rows both can score: paired DeLong on AUC and McNemar on correctness at their thresholds.
/// </summary>
public sealed record PairedTest(string ModelA, string ModelB, int N, AucComparison DeLong, double McNemarP)
{
    public string Key => $"{ModelA}_vs_{ModelB}";
}
