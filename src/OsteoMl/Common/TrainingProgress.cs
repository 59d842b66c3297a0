namespace OsteoMl.Common;

/// <summary>A progress report: the stage, for counted stages how far along it is, and a live detail line.</summary>
public sealed record TrainingProgress(string Stage, int Done = 0, int Total = 0, string? Detail = null);
