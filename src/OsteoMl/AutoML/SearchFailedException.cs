namespace OsteoMl.AutoML;

/// <summary>
/// A search that completed no trial, where a later stage needs its best one: the message names the stage, how the
/// search stopped and the first trial's error, instead of a null reference further on.
/// </summary>
public sealed class SearchFailedException(string stage, ExperimentResult search) : Exception(Describe(stage, search))
{
    public string Stage { get; } = stage;

    private static string Describe(string stage, ExperimentResult search)
    {
        int failed = search.Trials.Count(t => t.Error is not null);
        string cause = search.Trials.FirstOrDefault(t => t.Error is not null)?.Error is { } error
            ? $"; {failed} of {search.Trials.Count} trials failed, the first with: {error}"
            : "";
        return $"the {stage} search completed no trial ({search.StopReason}{cause})";
    }
}
