namespace OsteoMl.Reporting;

/// <summary>Patients, rows and positives per split.</summary>
public sealed record SplitSummary(SplitPart Train, SplitPart Validation, SplitPart Test);
