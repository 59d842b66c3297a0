using OsteoMl.Evaluation;

namespace OsteoMl.Monitoring;

/// <summary>Turns a window's tallies into a <see cref="DriftReport"/> (the rules are <see cref="DriftThresholds"/>').</summary>
internal static class DriftComparison
{
    public static DriftReport Compare(DriftReference reference, DriftThresholds thresholds, DriftCounts counts)
    {
        // Bonferroni over every distribution that has enough rows to be tested, plus the flagged rate.
        int tests =
            counts.Inputs.Concat(counts.Scores).Count(c => c.Sum() >= thresholds.MinimumRows)
            + (counts.Rows >= thresholds.MinimumRows ? 1 : 0);
        double alpha = thresholds.FamilyAlpha / Math.Max(1, tests);
        DriftStatistic[] inputs =
        [
            .. reference.Inputs.Select((h, i) => Statistic(h, counts.Inputs[i], thresholds, alpha)),
        ];
        DriftStatistic[] scores =
        [
            .. reference.Scores.Select((h, i) => Statistic(h, counts.Scores[i], thresholds, alpha)),
        ];
        var flagged = FlaggedRate(reference, counts, thresholds, alpha);
        var labelled = LabelledStatistics.Compute(counts.Labelled, reference.Auc, thresholds);
        return new DriftReport
        {
            Rows = counts.Rows,
            RowsWithInputs = counts.RowsWithInputs,
            RowsWithLabels = counts.Labelled.Length,
            Inputs = inputs,
            Scores = scores,
            FlaggedRate = flagged,
            Labelled = labelled,
            Alarms = [.. Alarms(inputs.Concat(scores), alpha), .. FlaggedAlarm(flagged), .. LabelledAlarms(labelled)],
            TestAlpha = alpha,
            Thresholds = thresholds,
            Notes = Notes(reference, counts, thresholds),
        };
    }

    private static DriftStatistic Statistic(
        DriftHistogram reference,
        int[] current,
        DriftThresholds thresholds,
        double alpha
    )
    {
        int[] expected = [.. reference.Bins.Select(b => b.Count)];
        int rows = current.Sum();
        double psi = PopulationStability.Psi(expected, current);
        var (chiSquare, df, p) = PopulationStability.ChiSquare(expected, current);
        bool tested = rows >= thresholds.MinimumRows;
        bool alarm = tested && p < alpha && psi >= thresholds.MinimumPsi;
        return new DriftStatistic
        {
            Name = reference.Name,
            Rows = rows,
            ReferenceRows = reference.Total,
            Bins = expected.Length,
            Psi = Finite(psi),
            ChiSquare = rows == 0 ? null : chiSquare,
            DegreesOfFreedom = df,
            P = rows == 0 ? null : p,
            Ks =
                reference.Kind == Data.ColumnKind.Numeric
                    ? Finite(PopulationStability.KolmogorovSmirnov(expected, current))
                    : null,
            Shift =
                !tested ? "not tested"
                : alarm ? thresholds.Grade(psi)
                : "none",
            Alarm = alarm,
        };
    }

    private static FlaggedRateDrift? FlaggedRate(
        DriftReference reference,
        DriftCounts counts,
        DriftThresholds thresholds,
        double alpha
    )
    {
        if (counts.Rows == 0)
        {
            return null;
        }
        var current = new Proportion(counts.Flagged, counts.Rows);
        var before = new Proportion(reference.Flagged, reference.ScoredPatients);
        double p = PopulationStability
            .ChiSquare(
                [reference.ScoredPatients - reference.Flagged, reference.Flagged],
                [counts.Rows - counts.Flagged, counts.Flagged]
            )
            .P;
        bool alarm =
            counts.Rows >= thresholds.MinimumRows
            && p < alpha
            && Math.Abs(current.Value - before.Value) >= thresholds.MinimumFlaggedChange;
        return new FlaggedRateDrift
        {
            Current = current,
            Reference = before,
            P = p,
            Alarm = alarm,
        };
    }

    private static IEnumerable<DriftAlarm> Alarms(IEnumerable<DriftStatistic> statistics, double alpha) =>
        statistics
            .Where(s => s.Alarm)
            .Select(s => new DriftAlarm(
                s.Name,
                s.Shift,
                Invariant(
                    $"{s.Name}: PSI {s.Psi:0.000} ({s.Shift} shift), chi-square p = {s.P:0.#e+0} < {alpha:0.#e+0}, "
                        + $"{s.Rows} patients vs {s.ReferenceRows} at training."
                )
            ));

    private static IEnumerable<DriftAlarm> FlaggedAlarm(FlaggedRateDrift? flagged) =>
        flagged is { Alarm: true }
            ?
            [
                new DriftAlarm(
                    "flagged_rate",
                    "significant",
                    Invariant(
                        $"flagged rate {flagged.Current.Value:0.0%} [{flagged.Current.Low:0.0%}, "
                            + $"{flagged.Current.High:0.0%}] vs {flagged.Reference.Value:0.0%} at training (p = "
                            + $"{flagged.P:0.#e+0})."
                    )
                ),
            ]
            : [];

    private static IEnumerable<DriftAlarm> LabelledAlarms(LabelledDrift? labelled)
    {
        if (labelled is null)
        {
            yield break;
        }
        var intercept = labelled.CalibrationIntercept;
        if (intercept.Excludes(0))
        {
            yield return new DriftAlarm(
                "calibration_intercept",
                "significant",
                Invariant(
                    $"calibration-in-the-large {intercept.Value:0.00} [{intercept.Low:0.00}, {intercept.High:0.00}] "
                        + $"excludes 0: the model {(intercept.Value > 0 ? "under" : "over")}estimates risk here."
                )
            );
        }
        var slope = labelled.CalibrationSlope;
        if (slope.Excludes(1))
        {
            yield return new DriftAlarm(
                "calibration_slope",
                "significant",
                Invariant(
                    $"calibration slope {slope.Value:0.00} [{slope.Low:0.00}, {slope.High:0.00}] excludes 1: "
                        + $"probabilities are too {(slope.Value < 1 ? "extreme" : "moderate")} here."
                )
            );
        }
        if (labelled.ReferenceAuc is { } before && labelled.Auc.High < before)
        {
            yield return new DriftAlarm(
                "auc",
                "significant",
                Invariant(
                    $"AUC {labelled.Auc.Auc:0.000} [{labelled.Auc.Low:0.000}, {labelled.Auc.High:0.000}] is below "
                        + $"the held-out AUC at training ({before:0.000})."
                )
            );
        }
    }

    private static IReadOnlyList<string> Notes(DriftReference reference, DriftCounts counts, DriftThresholds thresholds)
    {
        var notes = new List<string>();
        if (counts.RowsWithInputs == 0 && reference.Inputs.Count > 0)
        {
            notes.Add("no clinical inputs in this source (a predict output): only the scores are monitored.");
        }
        if (counts.Rows < thresholds.MinimumRows)
        {
            notes.Add($"fewer than {thresholds.MinimumRows} patients: nothing is tested yet.");
        }
        if (counts.Labelled.Length > 0 && counts.Labelled.Length < 2 * thresholds.MinimumPerClass)
        {
            notes.Add($"labelled statistics need {thresholds.MinimumPerClass} patients of each class.");
        }
        return notes;
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    /// <summary>The project builds with invariant globalization, so interpolation already formats invariantly.</summary>
    private static string Invariant(string text) => text;
}
