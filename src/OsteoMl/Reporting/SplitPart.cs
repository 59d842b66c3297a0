namespace OsteoMl.Reporting;

/// <summary>One split's size: distinct patients, rows (radiographs) and positive rows.</summary>
public sealed record SplitPart(int Patients, int Rows, int Positives);
