namespace OsteoMl.AutoML;

/// <summary>
/// Proposes the next configuration and learns from finished trials (ML.NET AutoML's ITuner shape).
/// A tuner must be deterministic for its seed and the sequence of results it was given, so a run and
/// its resumed continuation propose the same trials.
/// </summary>
public interface ITuner
{
    string Name { get; }

    TrialParameters Propose(int trialId);

    /// <summary>Reports a finished trial; <see cref="TrialResult.Loss"/> is minimised (failed trials: +∞).</summary>
    void Update(TrialResult result);
}
