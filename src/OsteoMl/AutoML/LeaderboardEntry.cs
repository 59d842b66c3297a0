namespace OsteoMl.AutoML;

/// <summary>
/// One row of a leaderboard: a completed trial, its rank, and whether it is statistically tied with the best.
/// </summary>
public sealed record LeaderboardEntry(int Rank, TrialResult Trial, double PValueVersusBest, bool TiedWithBest);
