namespace OsteoMl.Workflows;

/// <summary>Single-patient predict through one zip: its image network as the card names it, p50 and p95.</summary>
public sealed record ZipLatency(string Model, string? ImageNetwork, double P50Ms, double P95Ms);
