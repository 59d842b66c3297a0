using OsteoMl.Monitoring;

namespace OsteoMl.Tests.Monitoring;

/// <summary>
/// Labelled alarms compare a window with the model's own held-out calibration at training. Probabilities and labels
/// are drawn in code: the model's probability p, the true risk sigmoid(logit p + <c>offset</c>), so the
/// calibration-in-the-large of each sample is about <c>offset</c>.
/// </summary>
public sealed class LabelledDriftTests
{
    private static (double Probability, bool Label)[] Patients(int count, int seed, double offset)
    {
        var random = new Random(seed);
        return
        [
            .. Enumerable
                .Range(0, count)
                .Select(_ =>
                {
                    double p = 0.05 + 0.9 * random.NextDouble();
                    double logit = Math.Log(p / (1 - p)) + offset;
                    return (p, random.NextDouble() < 1 / (1 + Math.Exp(-logit)));
                }),
        ];
    }

    private static DriftReport Monitor(LabelledDrift? heldOut, (double Probability, bool Label)[] window)
    {
        var reference = SyntheticReferences.Of(scoredPatients: 700, flagged: 350, heldOut: heldOut);
        var drift = new DriftWindow(reference);
        foreach (var (p, label) in window)
        {
            drift.Add(
                new MonitoredRow
                {
                    FusedProbability = (float)p,
                    Predicted = p >= 0.5,
                    Label = label,
                }
            );
        }
        return drift.Report();
    }

    private static LabelledDrift HeldOut(double offset) =>
        LabelledStatistics.Compute(Patients(700, 1, offset), null, DriftThresholds.Default)!;

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Given_a_model_already_underestimating_risk_at_training_When_new_patients_are_the_same_Then_no_labelled_alarm(
        int seed
    )
    {
        var report = Monitor(HeldOut(offset: 0.5), Patients(500, seed, offset: 0.5));

        Assert.NotNull(report.Labelled!.ReferenceCalibrationIntercept);
        Assert.DoesNotContain(report.Alarms, a => a.Subject is "calibration_intercept" or "calibration_slope" or "auc");
    }

    [Fact]
    public void Given_a_schema_1_reference_without_held_out_calibration_When_the_same_patients_arrive_Then_the_ideal_is_used_and_a_note_says_so()
    {
        var report = Monitor(heldOut: null, Patients(500, 2, offset: 0.5));

        Assert.Contains(report.Alarms, a => a.Subject == "calibration_intercept");
        Assert.Contains(report.Notes, n => n.Contains("no held-out calibration", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_a_calibrated_model_at_training_When_new_patients_carry_more_risk_Then_calibration_in_the_large_alarms()
    {
        var report = Monitor(HeldOut(offset: 0), Patients(500, 2, offset: 0.8));

        var alarm = Assert.Single(report.Alarms, a => a.Subject == "calibration_intercept");
        Assert.Contains("underestimates", alarm.Message, StringComparison.Ordinal);
    }
}
