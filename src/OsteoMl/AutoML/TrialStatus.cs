namespace OsteoMl.AutoML;

public enum TrialStatus
{
    Completed,

    /// <summary>Stopped because the time budget ran out or the user cancelled; its score is not used.</summary>
    Stopped,

    /// <summary>The trainer threw (e.g. a configuration the data cannot support).</summary>
    Failed,
}
