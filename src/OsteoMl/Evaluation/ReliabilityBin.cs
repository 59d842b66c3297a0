namespace OsteoMl.Evaluation;

/// <summary>
/// One bin of a reliability curve: predicted probabilities in [Lower, Upper), their mean, and the observed rate.
/// </summary>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double MeanPredicted, double ObservedRate);
