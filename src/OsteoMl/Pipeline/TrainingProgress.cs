namespace OsteoMl.Pipeline;

/// <summary>A progress report: the stage, and for counted stages how far along it is.</summary>
public sealed record TrainingProgress(string Stage, int Done = 0, int Total = 0);
