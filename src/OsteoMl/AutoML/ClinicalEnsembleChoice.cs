namespace OsteoMl.AutoML;

/// <summary>
/// The clinical branch a search ends with: <see cref="EnsembleSelection"/> over a library of the best
/// <see cref="LibrarySize"/> distinct completed configurations plus every portfolio configuration, on the run's
/// out-of-fold probabilities. Its out-of-fold score is the run's estimate of the branch (less optimistic than the best
/// trial's CV mean, which is the maximum of many noisy means).
/// </summary>
public sealed record ClinicalEnsembleChoice(
    IReadOnlyList<EnsembleMember> Members,
    double[] OutOfFold,
    bool[] Labels,
    double Score
)
{
    public const int LibrarySize = 20;

    public static ClinicalEnsembleChoice Select(
        ExperimentResult search,
        CrossValidationRunner runner,
        IReadOnlyList<TrialParameters> portfolio,
        ObjectiveMetric metric
    )
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(runner);
        var completed = search
            .Trials.Where(t => t.Status == TrialStatus.Completed)
            .OrderBy(t => t.Loss)
            .ThenBy(t => t.Id)
            .DistinctBy(t => t.Parameters)
            .ToList();
        var library = completed
            .Take(LibrarySize)
            .Concat(completed.Skip(LibrarySize).Where(t => portfolio.Contains(t.Parameters)))
            .Select(t => (Trial: t, OutOfFold: runner.OutOfFold(t.Parameters)))
            .Where(c => c.OutOfFold is not null)
            .ToList();
        if (library.Count == 0)
        {
            throw new InvalidOperationException("no completed trial to build the clinical branch from.");
        }
        double[][] candidates = [.. library.Select(c => c.OutOfFold!)];
        double[] weights = EnsembleSelection.Select(candidates, runner.Labels, metric);
        EnsembleMember[] members =
        [
            .. library
                .Select((c, i) => new EnsembleMember(c.Trial.Parameters, weights[i], c.Trial.Id))
                .Where(m => m.Weight > 0)
                .OrderByDescending(m => m.Weight)
                .ThenBy(m => m.TrialId),
        ];
        double[] blend = EnsembleSelection.Blend(candidates, weights);
        return new ClinicalEnsembleChoice(
            members,
            blend,
            runner.Labels,
            ObjectiveScores.Compute(metric, blend, runner.Labels)
        );
    }

    /// <summary>e.g. <c>0.6 × LightGbm(…) + 0.4 × LbfgsLogisticRegression(…)</c>; one member: its configuration.</summary>
    public override string ToString() =>
        Members.Count == 1
            ? Members[0].Parameters.ToString()
            : string.Join(" + ", Members.Select(m => $"{TrialParameters.Format(m.Weight)} × {m.Parameters}"));
}
