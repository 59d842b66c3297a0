using OsteoMl.Monitoring;

namespace OsteoMl.Tests.Monitoring;

/// <summary>
/// The flagged rate is one pre-specified test at p &lt; 0.01 (with a 5-point floor), not one more member of the
/// distributions' Bonferroni family: 268 of 700 held-out patients flagged at training (38.3 %, as in the drift bench).
/// </summary>
public sealed class FlaggedRateDriftTests
{
    private static DriftReport Monitor(int flagged, int patients, int referenceScale = 1)
    {
        var reference = SyntheticReferences.Of(scoredPatients: 700 * referenceScale, flagged: 268 * referenceScale);
        var window = new DriftWindow(reference);
        for (int i = 0; i < patients; i++)
        {
            window.Add(new MonitoredRow { Predicted = i < flagged });
        }
        return window.Report();
    }

    [Theory]
    [InlineData(236, true)] // 47.2 %: site B31's rate, chi-square p ≈ 0.002
    [InlineData(199, false)] // 39.8 %: site A21's rate
    [InlineData(161, false)] // 32.2 %: site C41's rate, p ≈ 0.03: not below 0.01
    public void Given_a_rate_of_500_patients_When_compared_with_38_percent_Then_only_a_significant_change_of_5_points_alarms(
        int flagged,
        bool alarms
    )
    {
        var report = Monitor(flagged, 500);

        Assert.Equal(alarms, report.FlaggedRate!.Alarm);
        Assert.Equal(alarms, report.Alarms.Any(a => a.Subject == "flagged_rate"));
    }

    [Fact]
    public void Given_a_large_window_When_the_rate_moves_less_than_5_points_Then_no_alarm_however_small_p()
    {
        var report = Monitor(flagged: 4200, patients: 10_000, referenceScale: 10);

        Assert.True(report.FlaggedRate!.P < 0.01);
        Assert.False(report.FlaggedRate.Alarm);
    }
}
