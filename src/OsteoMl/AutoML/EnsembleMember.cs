namespace OsteoMl.AutoML;

/// <summary>One configuration of a clinical ensemble, its weight (share of the selection steps) and its trial.</summary>
public sealed record EnsembleMember(TrialParameters Parameters, double Weight, int TrialId);
