using System.Text.Json;
using System.Text.Json.Nodes;
using OsteoMl.Data;
using OsteoMl.Pipeline;

namespace OsteoMl.Reporting;

/// <summary>
/// Writes <c>runs/&lt;run-id&gt;/metrics.json</c>. Schema (version 1, documented in README):
/// <c>models.&lt;name&gt;.{auc, accuracy, sensitivity, specificity, threshold, n, n_positive, validation_auc}</c>
/// for fused/image/clinical on the test split; <c>out_of_fold_auc</c>, <c>fusion_weights</c>, <c>split</c>,
/// <c>seed</c>, <c>data_hash</c>. No patient identifiers.
/// </summary>
public static class MetricsJson
{
    public const string FileName = "metrics.json";
    public const int SchemaVersion = 1;

    public static void Write(string path, TrainingResult result)
    {
        var models = new JsonObject();
        foreach (var (name, m) in result.TestMetrics)
        {
            models[name] = new JsonObject
            {
                ["auc"] = Finite(m.Auc),
                ["accuracy"] = Finite(m.Accuracy),
                ["sensitivity"] = Finite(m.Sensitivity),
                ["specificity"] = Finite(m.Specificity),
                ["threshold"] = Finite(m.Threshold),
                ["n"] = m.N,
                ["n_positive"] = m.NPositive,
                ["validation_auc"] = Finite(result.ValidationAuc[name]),
            };
        }
        JsonObject Part(SplitPart p) => new() { ["patients"] = p.Patients, ["rows"] = p.Rows, ["positives"] = p.Positives };
        var root = new JsonObject
        {
            ["schema_version"] = SchemaVersion,
            ["run_id"] = result.RunId,
            ["synthetic_data_note"] = "Metrics describe the data given; on the shipped sample-data they describe a SYNTHETIC cohort.",
            ["seed"] = result.Seed,
            ["data_hash"] = result.DataHash,
            ["evaluated_on"] = "test",
            ["threshold_chosen_on"] = "validation (Youden)",
            ["split"] = new JsonObject
            {
                ["train"] = Part(result.Split.Train),
                ["validation"] = Part(result.Split.Validation),
                ["test"] = Part(result.Split.Test),
            },
            ["models"] = models,
            ["out_of_fold_auc"] = new JsonObject(result.OutOfFoldAuc.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Finite(kv.Value)))),
            ["fusion_weights"] = new JsonObject(result.FusionWeights.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Finite(kv.Value)))),
            ["uses_images"] = result.UsesImages,
            ["fusion"] = result.Fusion,
            ["automl"] = AutoMl(result),
            ["duration_seconds"] = Math.Round(result.Duration.TotalSeconds, 1),
        };
        string json = root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        AtomicFile.Write(path, temporary => File.WriteAllText(temporary, json));
    }

    /// <summary>Per search stage: trial counts, why it stopped, and the best trial with its CV interval.</summary>
    private static JsonObject AutoMl(TrainingResult result)
    {
        var node = new JsonObject
        {
            ["tuner"] = result.Tuner,
            ["metric"] = result.Metric.ToString().ToLowerInvariant(),
            ["trials_file"] = AutoML.TrialLog.FileName,
        };
        foreach (var (stage, search) in result.Searches)
        {
            var best = search.Best;
            node[stage] = new JsonObject
            {
                ["trials"] = search.Trials.Count,
                ["completed"] = search.Trials.Count(t => t.Status == AutoML.TrialStatus.Completed),
                ["stop_reason"] = search.StopReason,
                ["best"] = best is null ? null : new JsonObject
                {
                    ["trial"] = best.Id,
                    ["trainer"] = best.Trainer,
                    ["hyperparameters"] = new JsonObject(best.Hyperparameters.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Finite(kv.Value)))),
                    ["cv_mean"] = Finite(best.Mean),
                    ["cv_ci_low"] = Finite(best.CiLow),
                    ["cv_ci_high"] = Finite(best.CiHigh),
                },
            };
        }
        return node;
    }

    private static JsonNode? Finite(double value) => double.IsFinite(value) ? JsonValue.Create(Math.Round(value, 6)) : null;
}
