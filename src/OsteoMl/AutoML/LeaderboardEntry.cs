namespace OsteoMl.AutoML;

/// <summary>
/// One row of a leaderboard: a completed trial, its rank, and whether it is within noise of the best.
/// </summary>
public sealed record LeaderboardEntry(int Rank, TrialResult Trial, bool TiedWithBest);
