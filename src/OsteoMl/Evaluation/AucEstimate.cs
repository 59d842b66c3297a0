namespace OsteoMl.Evaluation;

/// <summary>An AUC with its standard error and a 95 % confidence interval, and how the interval was made.</summary>
public sealed record AucEstimate(double Auc, double StandardError, double Low, double High, string Method);
