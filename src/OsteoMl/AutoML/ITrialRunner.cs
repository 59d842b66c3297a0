namespace OsteoMl.AutoML;

/// <summary>
/// Evaluates one configuration (ML.NET AutoML's trial runner). Never throws for a bad configuration: it returns a
/// Failed result.
/// </summary>
public interface ITrialRunner
{
    /// <summary>
    /// Evaluates <paramref name="parameters"/>; a cancelled token stops the trial and yields
    /// <see cref="TrialStatus.Stopped"/>.
    /// </summary>
    TrialResult Run(int trialId, TrialParameters parameters, CancellationToken cancellationToken);
}
