namespace OsteoMl.Pacs;

/// <summary>What became of a film the PACS worker saw.</summary>
public enum WorklistStatus
{
    /// <summary>Scored, and its report stored in the PACS.</summary>
    Scored,

    /// <summary>Outside the model's eligibility rules: reported with the reason code, never scored.</summary>
    Ineligible,

    /// <summary>Could not be read or scored (the reason says why); the other films go on.</summary>
    Error,
}
