namespace OsteoMl.Workflows;

/// <summary>What one <see cref="ArchiveScoring"/> run wrote.</summary>
/// <param name="Rows">The shard's rows, all now in the output.</param>
/// <param name="Resumed">Rows an earlier, stopped run had already written (0 for a fresh run).</param>
/// <param name="Positives">Rows predicted positive.</param>
public sealed record ArchiveScoringResult(int Rows, int Resumed, int Positives);
