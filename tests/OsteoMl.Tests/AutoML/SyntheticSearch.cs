using OsteoMl.AutoML;

namespace OsteoMl.Tests.AutoML;

/// <summary>
/// Search spaces and a runner with a known loss surface, so tuner behaviour is tested without training models.
/// </summary>
internal static class SyntheticSearch
{
    public static SearchableTrainer Trainer(string name, double costPerUnit, int dimensions = 2) =>
        new(
            name,
            Enumerable.Range(0, dimensions).Select(i => new Hyperparameter($"h{i}", 0, 1, 0)).ToArray(),
            needsNormalization: false,
            cost: p => costPerUnit * (0.1 + p.Values.Values.Sum()),
            build: (_, _, _) => throw new NotSupportedException("synthetic")
        );

    public static IReadOnlyList<SearchableTrainer> Trainers { get; } =
    [Trainer("Cheap", 0.01), Trainer("Pricey", 1), Trainer("Middle", 0.1)];

    /// <summary>Loss: squared distance to a per-trainer optimum, plus a per-trainer floor (Middle is best).</summary>
    public static double Loss(TrialParameters p)
    {
        double floor = p.Trainer switch
        {
            "Cheap" => 0.2,
            "Pricey" => 0.1,
            _ => 0.0,
        };
        return floor + p.Values.Values.Select((v, i) => (v - (i == 0 ? 0.7 : 0.3)) * (v - (i == 0 ? 0.7 : 0.3))).Sum();
    }

    public sealed class Runner : ITrialRunner
    {
        public List<TrialParameters> Seen { get; } = [];

        public TrialResult Run(int trialId, TrialParameters parameters, CancellationToken cancellationToken)
        {
            Seen.Add(parameters);
            double loss = Loss(parameters);
            return new TrialResult
            {
                Id = trialId,
                Stage = "clinical",
                Trainer = parameters.Trainer,
                Hyperparameters = parameters.Values,
                Status = TrialStatus.Completed,
                Metric = ObjectiveMetric.LogLoss,
                FoldScores = [loss - 0.01, loss, loss + 0.01],
                Mean = loss,
                Cost = Trainers.First(t => t.Name == parameters.Trainer).EstimateCost(parameters),
            };
        }
    }

    /// <summary>A trial that runs until its token is cancelled (a trainer that would overrun).</summary>
    public sealed class BlockingRunner : ITrialRunner
    {
        public TrialResult Run(int trialId, TrialParameters parameters, CancellationToken cancellationToken)
        {
            cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));
            return new TrialResult
            {
                Id = trialId,
                Stage = "clinical",
                Trainer = parameters.Trainer,
                Hyperparameters = parameters.Values,
                Status = cancellationToken.IsCancellationRequested ? TrialStatus.Stopped : TrialStatus.Completed,
                Metric = ObjectiveMetric.Auc,
                Mean = 0.5,
            };
        }
    }
}
