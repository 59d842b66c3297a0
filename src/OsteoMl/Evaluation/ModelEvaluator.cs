using OsteoMl.Data;

namespace OsteoMl.Evaluation;

/// <summary>
/// Evaluates compared models on one set of labelled cases at thresholds fixed beforehand (chosen on validation
/// data or published): metrics with intervals, paired tests of the fused model against image-only,
/// clinical-only, the logistic baseline and the best traditional tool, and subgroup AUCs. A model is evaluated
/// on the rows it can score (a risk tool skips rows missing its inputs); a paired test uses the rows both can.
/// Rows are radiographs; a patient with a follow-up film counts twice (the intervals assume independent rows).
/// </summary>
public static class ModelEvaluator
{
    public static readonly string[] SubgroupModels = ["fused", "image", "clinical"];

    /// <summary>
    /// How tables list the compared models: fused, branches, reference model, then the traditional tools.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, BinaryMetrics>> InDisplayOrder(
        IReadOnlyDictionary<string, BinaryMetrics> models
    )
    {
        string[] order = ["fused", "image", "clinical", "logistic", "osta", "orai", "abone", "score"];
        return models.OrderBy(kv => Array.IndexOf(order, kv.Key) is var i && i < 0 ? order.Length : i);
    }

    public static EvaluationResult Evaluate(
        IReadOnlyList<ModelScores> models,
        IReadOnlyList<bool> labels,
        Cohort? cohort = null,
        int bootstrapReplicates = 0,
        IReadOnlyDictionary<string, string>? skipped = null,
        IReadOnlyDictionary<string, Recalibrator>? recalibrators = null
    )
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(labels);
        var metrics = new Dictionary<string, BinaryMetrics>();
        var skippedModels = new Dictionary<string, string>(skipped ?? new Dictionary<string, string>());
        foreach (var model in models)
        {
            int[] rows = Rows(model.Scores);
            var l = rows.Select(i => labels[i]).ToArray();
            if (l.All(x => x) || l.All(x => !x))
            {
                skippedModels[model.Name] = "fewer than one case of each class among the rows it can score";
                continue;
            }
            metrics[model.Name] = BinaryMetrics.Compute(
                rows.Select(i => model.Scores[i]).ToArray(),
                l,
                model.Threshold,
                model.IsProbability,
                bootstrapReplicates
            );
        }

        var byName = models.Where(m => metrics.ContainsKey(m.Name)).ToDictionary(m => m.Name);
        var tests = new List<PairedTest>();
        if (byName.TryGetValue("fused", out var fused))
        {
            string? bestTool = byName.Values.Where(m => !m.IsProbability).MaxBy(m => metrics[m.Name].Auc.Auc)?.Name;
            foreach (
                string other in new[] { "image", "clinical", "logistic", bestTool }
                    .OfType<string>()
                    .Where(byName.ContainsKey)
            )
            {
                tests.Add(Compare(fused, byName[other], labels));
            }
        }

        var recalibrated = new Dictionary<string, Calibration>();
        foreach (var (name, recalibrator) in recalibrators ?? new Dictionary<string, Recalibrator>())
        {
            if (byName.TryGetValue(name, out var model))
            {
                int[] rows = Rows(model.Scores);
                recalibrated[name] = Calibration.Compute(
                    rows.Select(i => recalibrator.Apply(model.Scores[i])).ToArray(),
                    rows.Select(i => labels[i]).ToArray()
                );
            }
        }
        var subgroups = cohort is null ? [] : Subgroups(cohort, byName, labels, bootstrapReplicates);
        return new EvaluationResult(metrics, tests, subgroups, skippedModels, recalibrated)
        {
            Inputs = models,
            Labels = labels,
            DecisionCurve = DecisionCurve.Compute([.. models.Where(m => metrics.ContainsKey(m.Name))], labels),
        };
    }

    private static PairedTest Compare(ModelScores a, ModelScores b, IReadOnlyList<bool> labels)
    {
        int[] rows = Enumerable
            .Range(0, labels.Count)
            .Where(i => double.IsFinite(a.Scores[i]) && double.IsFinite(b.Scores[i]))
            .ToArray();
        double[] sa = rows.Select(i => a.Scores[i]).ToArray(),
            sb = rows.Select(i => b.Scores[i]).ToArray();
        bool[] l = rows.Select(i => labels[i]).ToArray();
        // A traditional tool scores only rows with its inputs; too few of either class among them leaves no test.
        int positives = l.Count(x => x);
        var delong =
            positives >= 2 && l.Length - positives >= 2
                ? DeLong.Compare(sa, sb, l)
                : new AucComparison(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        bool[] correctA = sa.Select((s, k) => s >= a.Threshold == l[k]).ToArray();
        bool[] correctB = sb.Select((s, k) => s >= b.Threshold == l[k]).ToArray();
        return new PairedTest(a.Name, b.Name, rows.Length, delong, McNemar.P(correctA, correctB));
    }

    private static List<SubgroupResult> Subgroups(
        Cohort cohort,
        IReadOnlyDictionary<string, ModelScores> models,
        IReadOnlyList<bool> labels,
        int bootstrapReplicates
    )
    {
        var variables = new List<(string Variable, string[] Levels)>();
        if (cohort.TextColumn("sex") is { } sex)
        {
            variables.Add(("sex", sex));
        }
        if (cohort.NumberColumn("age") is { } age)
        {
            variables.Add(
                (
                    "age",
                    age.Select(a =>
                            float.IsNaN(a) ? ""
                            : a < 60 ? "<60"
                            : a < 70 ? "60–69"
                            : a < 80 ? "70–79"
                            : "≥80"
                        )
                        .ToArray()
                )
            );
        }
        if (cohort.TextColumn("site") is { } site)
        {
            variables.Add(("site", site));
        }
        var results = new List<SubgroupResult>();
        foreach (var (variable, levels) in variables)
        {
            foreach (
                string level in levels
                    .Where(l => l.Length > 0)
                    .Distinct()
                    .OrderBy(AgeBandOrder)
                    .ThenBy(l => l, StringComparer.Ordinal)
            )
            {
                int[] rows = Enumerable.Range(0, labels.Count).Where(i => levels[i] == level).ToArray();
                bool[] l = rows.Select(i => labels[i]).ToArray();
                var auc = SubgroupModels
                    .Where(models.ContainsKey)
                    .ToDictionary(
                        m => m,
                        m =>
                            BinaryMetrics.EstimateAuc(
                                rows.Select(i => models[m].Scores[i]).ToArray(),
                                l,
                                bootstrapReplicates
                            )
                    );
                results.Add(new SubgroupResult(variable, level, rows.Length, l.Count(x => x), auc));
            }
        }
        return results;
    }

    private static int AgeBandOrder(string level) =>
        level switch
        {
            "<60" => 0,
            "60–69" => 1,
            "70–79" => 2,
            "≥80" => 3,
            _ => 4,
        };

    private static int[] Rows(IReadOnlyList<double> scores) =>
        Enumerable.Range(0, scores.Count).Where(i => double.IsFinite(scores[i])).ToArray();
}
