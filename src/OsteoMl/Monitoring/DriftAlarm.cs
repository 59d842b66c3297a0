namespace OsteoMl.Monitoring;

/// <summary>
/// One alarm: what drifted (<see cref="Subject"/>: an input column, a score such as p_fused, "flagged_rate",
/// "calibration_intercept", "calibration_slope" or "auc"), its grade and a sentence with the numbers.
/// </summary>
public sealed record DriftAlarm(string Subject, string Severity, string Message);
