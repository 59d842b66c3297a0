namespace OsteoMl.AutoML;

/// <summary>One trainer's best trial in run A and in run B (null where the run did not try it).</summary>
public sealed record TrainerComparison(string Trainer, TrialResult? BestA, TrialResult? BestB)
{
    public double Difference => (BestB?.Mean ?? double.NaN) - (BestA?.Mean ?? double.NaN);
}
