using MathNet.Numerics.Distributions;
using OsteoMl.Evaluation;

namespace OsteoMl.Monitoring;

/// <summary>Turns a window's tallies into a <see cref="DriftReport"/> (the rules are <see cref="DriftThresholds"/>').</summary>
internal static class DriftComparison
{
    public static DriftReport Compare(DriftReference reference, DriftThresholds thresholds, DriftCounts counts)
    {
        // Bonferroni over every distribution that has enough rows to be tested; the flagged rate has its own level.
        int tests = counts
            .Inputs.Concat(counts.Scores)
            .Concat(counts.Embedding)
            .Count(c => c.Sum() >= thresholds.MinimumRows);
        double alpha = thresholds.FamilyAlpha / Math.Max(1, tests);
        DriftStatistic[] inputs =
        [
            .. reference.Inputs.Select((h, i) => Statistic(h, counts.Inputs[i], thresholds, alpha)),
        ];
        DriftStatistic[] scores =
        [
            .. reference.Scores.Select((h, i) => Statistic(h, counts.Scores[i], thresholds, alpha)),
        ];
        IReadOnlyList<DriftHistogram> embeddingHistograms = reference.Embedding?.Histograms ?? [];
        DriftStatistic[] embedding =
        [
            .. embeddingHistograms.Select((h, i) => Statistic(h, counts.Embedding[i], thresholds, alpha)),
        ];
        var flagged = FlaggedRate(reference, counts, thresholds);
        var labelled = LabelledStatistics.Compute(counts.Labelled, reference.Auc, thresholds) is { } window
            ? window with
            {
                ReferenceCalibrationIntercept = reference.HeldOut?.CalibrationIntercept,
                ReferenceCalibrationSlope = reference.HeldOut?.CalibrationSlope,
            }
            : null;
        return new DriftReport
        {
            Rows = counts.Rows,
            RowsWithInputs = counts.RowsWithInputs,
            RowsWithLabels = counts.Labelled.Length,
            Inputs = inputs,
            Scores = scores,
            Embedding = embedding,
            FlaggedRate = flagged,
            Labelled = labelled,
            Alarms =
            [
                .. Alarms(inputs.Concat(scores).Concat(embedding), alpha),
                .. FlaggedAlarm(flagged),
                .. LabelledAlarms(labelled, reference.HeldOut, thresholds),
            ],
            TestAlpha = alpha,
            Thresholds = thresholds,
            Notes = Notes(reference, counts, thresholds, labelled),
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

    /// <summary>
    /// The flagged rate is the number a screening service acts on (DXA referrals), so it is one pre-specified test at
    /// <see cref="DriftThresholds.FlaggedRateAlpha"/>, not one more among the distributions' Bonferroni family.
    /// </summary>
    private static FlaggedRateDrift? FlaggedRate(
        DriftReference reference,
        DriftCounts counts,
        DriftThresholds thresholds
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
            && p < thresholds.FlaggedRateAlpha
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

    /// <summary>
    /// Labelled alarms compare the window with the model's own held-out performance at training (a z-test of the
    /// difference, both intervals' widths giving the standard errors), Bonferroni over the three labelled tests. A
    /// schema-1 reference has no held-out calibration: the window is then compared with the ideal (0, 1) instead.
    /// </summary>
    private static IEnumerable<DriftAlarm> LabelledAlarms(
        LabelledDrift? labelled,
        LabelledDrift? heldOut,
        DriftThresholds thresholds
    )
    {
        if (labelled is null)
        {
            yield break;
        }
        double alpha = thresholds.LabelledFamilyAlpha / 3;
        var intercept = labelled.CalibrationIntercept;
        double interceptBefore = heldOut?.CalibrationIntercept.Value ?? 0;
        if (Differs(intercept, heldOut?.CalibrationIntercept, ideal: 0, alpha) is { } interceptP)
        {
            yield return new DriftAlarm(
                "calibration_intercept",
                "significant",
                Invariant(
                    $"calibration-in-the-large {intercept.Value:0.00} [{intercept.Low:0.00}, {intercept.High:0.00}] "
                        + $"vs {interceptBefore:0.00} {Before(heldOut)} (p = {interceptP:0.#e+0}): the model "
                        + $"{(intercept.Value > interceptBefore ? "under" : "over")}estimates risk here."
                )
            );
        }
        var slope = labelled.CalibrationSlope;
        double slopeBefore = heldOut?.CalibrationSlope.Value ?? 1;
        if (Differs(slope, heldOut?.CalibrationSlope, ideal: 1, alpha) is { } slopeP)
        {
            yield return new DriftAlarm(
                "calibration_slope",
                "significant",
                Invariant(
                    $"calibration slope {slope.Value:0.00} [{slope.Low:0.00}, {slope.High:0.00}] vs "
                        + $"{slopeBefore:0.00} {Before(heldOut)} (p = {slopeP:0.#e+0}): probabilities are too "
                        + $"{(slope.Value < slopeBefore ? "extreme" : "moderate")} here."
                )
            );
        }
        if (AucFell(labelled, heldOut, alpha) is { } aucBefore)
        {
            yield return new DriftAlarm(
                "auc",
                "significant",
                Invariant(
                    $"AUC {labelled.Auc.Auc:0.000} [{labelled.Auc.Low:0.000}, {labelled.Auc.High:0.000}] is below "
                        + $"the held-out AUC at training ({aucBefore:0.000})."
                )
            );
        }
    }

    private static string Before(LabelledDrift? heldOut) =>
        heldOut is null ? "(ideal; this zip's reference has no held-out calibration)" : "on the held-out patients";

    /// <summary>The p-value when the window's estimate differs from the reference's (or the ideal), else null.</summary>
    private static double? Differs(ConfidenceInterval now, ConfidenceInterval? before, double ideal, double alpha)
    {
        if (before is null)
        {
            // The rule before held-out references: the window's own 95 % interval excludes the ideal.
            return now.Excludes(ideal) ? TwoSidedP(now.Value - ideal, StandardError(now), 0) : null;
        }
        double p = TwoSidedP(now.Value - before.Value, StandardError(now), StandardError(before));
        return p < alpha ? p : null;
    }

    /// <summary>The held-out AUC when the window's is significantly lower, else null.</summary>
    private static double? AucFell(LabelledDrift labelled, LabelledDrift? heldOut, double alpha)
    {
        if (heldOut is null)
        {
            return labelled.ReferenceAuc is { } before && labelled.Auc.High < before ? before : null;
        }
        double difference = labelled.Auc.Auc - heldOut.Auc.Auc;
        double p = TwoSidedP(difference, labelled.Auc.StandardError, heldOut.Auc.StandardError);
        return difference < 0 && p < alpha ? heldOut.Auc.Auc : null;
    }

    /// <summary>A 95 % interval's standard error (its half-width over 1.96; bootstrap intervals are near-symmetric).</summary>
    private static double StandardError(ConfidenceInterval interval) => (interval.High - interval.Low) / (2 * 1.959964);

    private static double TwoSidedP(double difference, double standardError, double otherStandardError)
    {
        double se = Math.Sqrt(standardError * standardError + otherStandardError * otherStandardError);
        return se > 0 ? 2 * Normal.CDF(0, 1, -Math.Abs(difference / se))
            : difference == 0 ? 1
            : 0;
    }

    private static IReadOnlyList<string> Notes(
        DriftReference reference,
        DriftCounts counts,
        DriftThresholds thresholds,
        LabelledDrift? labelled
    )
    {
        var notes = new List<string>();
        if (reference.Embedding is not null && counts.Rows > 0 && counts.Embedding.All(c => c.Sum() == 0))
        {
            notes.Add(
                "no image embeddings in this source (a score file, or films screened from their DICOM header): "
                    + "the embedding is not monitored."
            );
        }
        if (labelled is not null && reference.HeldOut is null)
        {
            notes.Add(
                "this zip's reference has no held-out calibration: labelled statistics are compared with the ideal "
                    + "(intercept 0, slope 1); retrain to compare with the model's own held-out performance."
            );
        }
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
