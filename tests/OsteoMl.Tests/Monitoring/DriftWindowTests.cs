using System.Text.Json;
using OsteoMl.AutoML;
using OsteoMl.Data;
using OsteoMl.Monitoring;
using OsteoMl.Simulation;

namespace OsteoMl.Tests.Monitoring;

/// <summary>
/// Drift of the simulator's clinical columns, without training a model: a reference built from a site-A cohort (the
/// score is a fixed function of age, so that scores drift where age does), windows of other SYNTHETIC cohorts.
/// Clinical CSVs only (no films), so a cohort of 1500 patients takes well under a second.
/// </summary>
public sealed class DriftWindowTests : IDisposable
{
    private const int Patients = 1500;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private Cohort Generate(string name, int seed, SiteProfile site)
    {
        CohortSimulator.Generate(_folder.File(name), Patients, seed, site, progress: null, writeImages: false);
        return CohortReader.Read(
            _folder.File(name),
            new CohortOptions { ExcludeColumns = ["t_score", "site"], RequireImages = false }
        );
    }

    private static float Score(Cohort cohort, int row) =>
        (float)Math.Clamp((cohort.NumberColumn("age")![row] - 40) / 60, 0, 1);

    private DriftReference Reference(Cohort cohort)
    {
        int[] rows = [.. Enumerable.Range(0, cohort.Count)];
        var scores = new Dictionary<string, double[]> { ["p_fused"] = [.. rows.Select(i => (double)Score(cohort, i))] };
        return DriftReferenceBuilder.Build(
            new DriftReferenceRows
            {
                Cohort = cohort,
                FittedRows = rows,
                InputsOn = "all",
                ScoredRows = rows,
                Scores = scores,
                Labels = cohort.Labels!,
                ScoresOn = "all",
                DecidedScore = "p_fused",
                Threshold = 0.5,
            }
        );
    }

    private static DriftReport Monitor(DriftReference reference, Cohort cohort)
    {
        var window = new DriftWindow(reference);
        foreach (int row in DriftReferenceBuilder.FirstRowPerPatient(cohort, [.. Enumerable.Range(0, cohort.Count)]))
        {
            window.Add(Row(reference, cohort, row));
        }
        return window.Report();
    }

    private static MonitoredRow Row(DriftReference reference, Cohort cohort, int row) =>
        new()
        {
            Clinical = reference.Inputs.ToDictionary(h => h.Name, h => cohort.TextColumn(h.Name)![row]),
            FusedProbability = Score(cohort, row),
            Predicted = Score(cohort, row) >= 0.5,
        };

    [Fact]
    public void Given_a_site_A_reference_When_monitoring_site_B_Then_age_sex_and_the_score_alarm()
    {
        var reference = Reference(Generate("a", 1, SiteProfile.A));

        var report = Monitor(reference, Generate("b", 2, SiteProfile.B));

        string[] alarmed = [.. report.Alarms.Select(a => a.Subject)];
        Assert.Contains("age", alarmed);
        Assert.Contains("sex", alarmed);
        Assert.Contains("p_fused", alarmed);
        Assert.DoesNotContain("glucocorticoids", alarmed);
        Assert.DoesNotContain("diabetes", alarmed);
    }

    [Fact]
    public void Given_a_site_A_reference_When_monitoring_another_site_A_seed_Then_there_is_no_alarm()
    {
        var reference = Reference(Generate("a", 1, SiteProfile.A));

        var report = Monitor(reference, Generate("a2", 5, SiteProfile.A));

        Assert.Empty(report.Alarms);
        Assert.All(report.Inputs, s => Assert.Equal("none", s.Shift));
    }

    [Fact]
    public void Given_few_new_patients_When_monitoring_site_B_Then_nothing_is_tested_and_nothing_alarms()
    {
        var reference = Reference(Generate("a", 1, SiteProfile.A));
        var b = Generate("b", 2, SiteProfile.B);
        var window = new DriftWindow(reference);
        for (int row = 0; row < 30; row++)
        {
            window.Add(Row(reference, b, row));
        }

        var report = window.Report();

        Assert.Empty(report.Alarms);
        Assert.All(report.Inputs, s => Assert.Equal("not tested", s.Shift));
    }

    [Fact]
    public void Given_rows_added_from_many_threads_When_reporting_Then_the_counts_equal_the_sequential_ones()
    {
        var a = Generate("a", 1, SiteProfile.A);
        var reference = Reference(a);
        var window = new DriftWindow(reference);

        Parallel.For(0, a.Count, row => window.Add(Row(reference, a, row)));
        var sequential = new DriftWindow(reference);
        for (int row = 0; row < a.Count; row++)
        {
            sequential.Add(Row(reference, a, row));
        }

        Assert.Equal(a.Count, window.Count);
        Assert.Equal(
            JsonSerializer.Serialize(sequential.Report(), TrialLog.JsonOptions),
            JsonSerializer.Serialize(window.Report(), TrialLog.JsonOptions)
        );
    }

    [Fact]
    public void Given_a_reference_When_serialised_Then_every_bin_holds_five_patients_or_more_and_no_identifier()
    {
        var a = Generate("a", 1, SiteProfile.A);

        var reference = Reference(a);
        string json = JsonSerializer.Serialize(reference, TrialLog.JsonOptions);

        Assert.All(reference.Inputs.Concat(reference.Scores).SelectMany(h => h.Bins), b => Assert.True(b.Count >= 5));
        Assert.DoesNotContain("SYN-", json);
        Assert.DoesNotContain("patient_id", json, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(a.PatientCount, reference.Inputs[0].Total);
    }
}
