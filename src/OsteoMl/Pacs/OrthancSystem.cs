namespace OsteoMl.Pacs;

/// <summary>What <c>GET /system</c> says about the server.</summary>
public sealed record OrthancSystem(string Name, string Version, int ApiVersion);
