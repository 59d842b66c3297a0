using System.Text.Json;
using System.Text.Json.Nodes;
using OsteoMl.Common;
using OsteoMl.Data;
using OsteoMl.Evaluation;
using OsteoMl.Model;

namespace OsteoMl.Reporting;

/// <summary>
/// Writes <c>runs/&lt;run-id&gt;/metrics.json</c>. Schema version 2, documented in docs/metrics.md. No patient
/// identifiers.
/// </summary>
public static class MetricsJson
{
    public const string FileName = "metrics.json";
    public const int SchemaVersion = 2;

    /// <summary>The map σ(a + b · logit p) and the out-of-fold calibration before and after it.</summary>
    private static JsonObject FusedCalibrationNode(OsteoMl.Fusion.FusedCalibration calibration)
    {
        JsonObject Fit(Calibration c) =>
            new()
            {
                ["calibration_intercept"] = Finite(c.Intercept),
                ["calibration_slope"] = Finite(c.Slope),
                ["ece"] = Finite(c.ExpectedCalibrationError),
                ["brier"] = Finite(c.Brier),
            };
        return new JsonObject
        {
            ["fitted_on"] = "out-of-fold fused predictions of the training rows",
            ["intercept"] = Finite(calibration.Map.Intercept),
            ["slope"] = Finite(calibration.Map.Slope),
            ["out_of_fold_before"] = Fit(calibration.Before),
            ["out_of_fold_after"] = Fit(calibration.After),
        };
    }

    public static void Write(string path, TrainingResult result)
    {
        JsonObject Part(SplitPart p) =>
            new()
            {
                ["patients"] = p.Patients,
                ["rows"] = p.Rows,
                ["positives"] = p.Positives,
            };
        var root = new JsonObject
        {
            ["schema_version"] = SchemaVersion,
            ["run_id"] = result.RunId,
            ["synthetic"] = result.Cohort.Synthetic,
            ["synthetic_data_note"] =
                "Metrics describe the data given; on the shipped sample-data they describe a SYNTHETIC cohort.",
            ["seed"] = result.Seed,
            ["data_hash"] = result.DataHash,
            ["evaluated_on"] = "test",
            ["operating_point"] = result.OperatingPoint.ToString(),
            ["threshold_chosen_on"] =
                $"{result.ThresholdsChosenOn} (learned models); published cut-off (traditional tools)",
            ["saved_model_fitted_on"] = result.FittedOn,
            ["split"] = new JsonObject
            {
                ["train"] = Part(result.Split.Train),
                ["validation"] = Part(result.Split.Validation),
                ["test"] = Part(result.Split.Test),
            },
        };
        root["label_leak_warnings"] = new JsonArray([
            .. result.LabelLeaks.Select(l =>
                (JsonNode)
                    new JsonObject
                    {
                        ["column"] = l.Column,
                        ["out_of_fold_auc"] = Finite(l.OutOfFoldAuc),
                        ["signal"] = l.Signal,
                    }
            ),
        ]);
        foreach (var (key, value) in Evaluation(result.Test, result.ValidationAuc))
        {
            root[key] = value?.DeepClone();
        }
        root["out_of_fold_auc"] = new JsonObject(
            result.OutOfFoldAuc.Select(kv => KeyValuePair.Create(kv.Key, Finite(kv.Value)))
        );
        root["fusion_weights"] = new JsonObject(
            result.FusionWeights.Select(kv => KeyValuePair.Create(kv.Key, Finite(kv.Value)))
        );
        if (result.FusedCalibration is { } calibration)
        {
            root["fused_calibration"] = FusedCalibrationNode(calibration);
        }
        if (result.Ablation.Count > 0)
        {
            var ablation = new JsonObject();
            foreach (var (name, (validation, test)) in result.Ablation)
            {
                ablation[name] = new JsonObject
                {
                    ["auc"] = Finite(test.Auc),
                    ["auc_ci_low"] = Finite(test.Low),
                    ["auc_ci_high"] = Finite(test.High),
                    ["validation_auc"] = Finite(validation.Auc),
                    ["validation_auc_ci_low"] = Finite(validation.Low),
                    ["validation_auc_ci_high"] = Finite(validation.High),
                };
                if (result.AblationVersusBackbone.TryGetValue(name, out var paired))
                {
                    ablation[name]!["auc_difference_vs_backbone"] = Finite(paired.Difference);
                    ablation[name]!["p_vs_backbone"] = Finite(paired.P);
                }
            }
            string[] notBuilt = [.. new[] { "attention", "finetuned" }.Where(v => !result.Ablation.ContainsKey(v))];
            if (notBuilt.Length > 0)
            {
                // attention: trained unless --fine-tune none; finetuned: only with --fine-tune last-stage or all.
                ablation["not_built"] = new JsonArray([.. notBuilt.Select(v => (JsonNode)v)]);
            }
            root["ablation"] = ablation;
        }
        if (result.ImageNetworks.Count > 0)
        {
            root["image_network"] = new JsonArray([
                .. result.ImageNetworks.Select(n =>
                    (JsonNode)
                        new JsonObject
                        {
                            ["variant"] = n.Variant,
                            ["fine_tune"] = n.Mode,
                            ["saved_in_model"] = n.Saved,
                            ["epochs"] = n.Epochs,
                            ["best_epoch"] = n.BestEpoch,
                            ["best_validation_auc"] = Finite(n.BestValidationAuc),
                            ["train_images_per_second"] = Math.Round(n.ImagesPerSecond, 1),
                            ["frozen_activation_seconds"] = Math.Round(n.CachingSeconds, 1),
                            ["duration_seconds"] = Math.Round(n.DurationSeconds, 1),
                            ["torch_threads"] = n.Threads,
                        }
                ),
            ]);
        }
        root["uses_images"] = result.UsesImages;
        root["fusion"] = result.Fusion;
        root["image_selection"] = result.ImageSelection;
        if (result.DroppedImageNetworks.Count > 0)
        {
            root["image_networks_dropped"] = new JsonArray([
                .. result.DroppedImageNetworks.Select(d =>
                    (JsonNode)
                        new JsonObject
                        {
                            ["variant"] = d.Variant,
                            ["fine_tune"] = d.FineTune,
                            ["reason"] = d.Reason,
                        }
                ),
            ]);
        }
        if (result.Backbone is { } backbone)
        {
            root["backbone"] = new JsonObject
            {
                ["precision"] = backbone.Precision,
                ["reason"] = backbone.Reason,
                ["int8_speedup_batch1"] = backbone.Speedup is { } s ? Math.Round(s, 3) : null,
                ["int8_embedding_relative_rms"] = backbone.EmbeddingRelativeRms is { } r ? Math.Round(r, 4) : null,
                ["calibration_films"] = backbone.Int8?.CalibrationFilms,
            };
        }
        if (result.FilmGrid is { } grid)
        {
            root["film_grid"] = new JsonObject
            {
                ["side"] = grid.Side,
                ["wavelet_levels"] = grid.WaveletLevels,
                ["native_wavelets"] = grid.IsNative,
            };
        }
        root["automl"] = AutoMl(result);
        root["duration_seconds"] = Math.Round(result.Duration.TotalSeconds, 1);
        string json = root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        AtomicFile.Write(path, temporary => File.WriteAllText(temporary, json));
    }

    /// <summary>
    /// metrics.json of <c>evaluate</c>: which zip, which data, that the thresholds were frozen at training, then the
    /// same evaluation part as <c>train</c> writes.
    /// </summary>
    public static void WriteExternalValidation(
        string path,
        EvaluationResult result,
        CohortSummary cohort,
        ModelCard card,
        string dataHash,
        IReadOnlyList<string> warnings,
        bool isTrainingCohort,
        TrainingOverlap? overlap
    )
    {
        var root = new JsonObject
        {
            ["schema_version"] = SchemaVersion,
            ["kind"] = "external_validation",
            ["model_run_id"] = card.RunId,
            ["data_file"] = cohort.FileName,
            ["data_hash"] = dataHash,
            ["model_training_data_hash"] = card.DataHash,
            ["is_training_cohort"] = isTrainingCohort,
            ["training_overlap"] = overlap is null
                ? null
                : new JsonObject
                {
                    ["evaluated_patients"] = overlap.EvaluatedPatients,
                    ["patients"] = overlap.Patients,
                    ["fitted_patients"] = overlap.FittedPatients,
                    ["held_out_patients"] = overlap.HeldOutPatients,
                    ["films"] = overlap.Films,
                },
            ["warnings"] = new JsonArray([.. warnings.Select(w => (JsonNode)w)]),
            ["synthetic"] = cohort.Synthetic,
            ["operating_point"] = card.OperatingPoint,
            ["threshold_chosen_on"] =
                // The card's phrase names its own source ("the validation split", "out-of-fold predictions on …").
                $"{card.ThresholdsChosenOn} (frozen); published cut-off (traditional tools)",
            ["saved_model_fitted_on"] = card.FittedOn,
        };
        foreach (var (key, value) in Evaluation(result))
        {
            root[key] = value?.DeepClone();
        }
        string json = root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        AtomicFile.Write(path, temporary => File.WriteAllText(temporary, json));
    }

    /// <summary>
    /// The evaluation part shared by <c>train</c> and <c>evaluate</c>: <c>models.&lt;name&gt;</c>,
    /// <c>tests.&lt;a&gt;_vs_&lt;b&gt;</c>,
    /// <c>skipped</c>, <c>recalibrated</c>, <c>subgroups</c>.
    /// </summary>
    public static JsonObject Evaluation(
        EvaluationResult evaluation,
        IReadOnlyDictionary<string, double>? validationAuc = null
    )
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var models = new JsonObject();
        foreach (var (name, m) in evaluation.Models)
        {
            var node = new JsonObject
            {
                ["auc"] = Finite(m.Auc.Auc),
                ["auc_ci_low"] = Finite(m.Auc.Low),
                ["auc_ci_high"] = Finite(m.Auc.High),
                ["auc_ci_method"] = m.Auc.Method,
            };
            foreach (
                var (key, p) in new[]
                {
                    ("accuracy", m.Accuracy),
                    ("sensitivity", m.Sensitivity),
                    ("specificity", m.Specificity),
                    ("ppv", m.Ppv),
                    ("npv", m.Npv),
                }
            )
            {
                node[key] = Finite(p.Value);
                node[$"{key}_ci_low"] = Finite(p.Low);
                node[$"{key}_ci_high"] = Finite(p.High);
            }
            if (m.Calibration is { } c)
            {
                node["brier"] = Finite(c.Brier);
                node["calibration_intercept"] = Finite(c.Intercept);
                node["calibration_slope"] = Finite(c.Slope);
                node["ece"] = Finite(c.ExpectedCalibrationError);
            }
            node["threshold"] = Finite(m.Threshold);
            node["n"] = m.N;
            node["n_positive"] = m.NPositive;
            node["tp"] = m.TruePositives;
            node["fp"] = m.FalsePositives;
            node["tn"] = m.TrueNegatives;
            node["fn"] = m.FalseNegatives;
            if (validationAuc is not null && validationAuc.TryGetValue(name, out double v))
            {
                node["validation_auc"] = Finite(v);
            }
            models[name] = node;
        }
        var tests = new JsonObject();
        foreach (var t in evaluation.Tests)
        {
            tests[t.Key] = new JsonObject
            {
                ["n"] = t.N,
                ["auc_difference"] = Finite(t.DeLong.Difference),
                ["delong_z"] = Finite(t.DeLong.Z),
                ["delong_p"] = Finite(t.DeLong.P),
                ["mcnemar_p"] = Finite(t.McNemarP),
            };
        }
        var recalibrated = new JsonObject();
        foreach (var (name, c) in evaluation.Recalibrated)
        {
            recalibrated[name] = new JsonObject
            {
                ["brier"] = Finite(c.Brier),
                ["calibration_intercept"] = Finite(c.Intercept),
                ["calibration_slope"] = Finite(c.Slope),
                ["ece"] = Finite(c.ExpectedCalibrationError),
            };
        }
        var subgroups = new JsonArray();
        foreach (var g in evaluation.Subgroups)
        {
            subgroups.Add(
                new JsonObject
                {
                    ["variable"] = g.Variable,
                    ["level"] = g.Level,
                    ["n"] = g.N,
                    ["n_positive"] = g.NPositive,
                    ["auc"] = new JsonObject(
                        g.Auc.Select(kv =>
                            KeyValuePair.Create(
                                kv.Key,
                                (JsonNode?)
                                    new JsonObject
                                    {
                                        ["auc"] = Finite(kv.Value.Auc),
                                        ["ci_low"] = Finite(kv.Value.Low),
                                        ["ci_high"] = Finite(kv.Value.High),
                                    }
                            )
                        )
                    ),
                }
            );
        }
        return new JsonObject
        {
            ["models"] = models,
            ["bayes_ceiling"] = evaluation.Ceiling is { } ceiling
                ? new JsonObject
                {
                    ["note"] = "AUC of the simulator's exact posterior on these rows: the best any model can rank",
                    ["film"] = Finite(ceiling.Film),
                    ["clinical"] = Finite(ceiling.Clinical),
                    ["both"] = Finite(ceiling.Both),
                }
                : null,
            ["tests"] = tests,
            ["skipped"] = new JsonObject(
                evaluation.Skipped.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))
            ),
            ["recalibrated"] = recalibrated,
            ["subgroups"] = subgroups,
            ["decision_curve"] = evaluation.DecisionCurve is { } curve ? DecisionCurveJson(curve) : null,
        };
    }

    /// <summary>Net benefit per threshold probability: every model's, "refer all" and "refer none" (0).</summary>
    private static JsonObject DecisionCurveJson(DecisionCurve curve) =>
        new()
        {
            ["note"] = "net benefit = TP/n - FP/n * pt/(1 - pt) at threshold probability pt (Vickers and Elkin 2006)",
            ["thresholds"] = new JsonArray([.. curve.Thresholds.Select(t => (JsonNode?)t)]),
            ["refer_all"] = new JsonArray([.. curve.TreatAll.Select(v => (JsonNode?)Finite(v))]),
            ["refer_none"] = 0,
            ["models"] = new JsonObject(
                curve.NetBenefit.Select(kv =>
                    KeyValuePair.Create(
                        kv.Key,
                        (JsonNode?)new JsonArray([.. kv.Value.Select(v => (JsonNode?)Finite(v))])
                    )
                )
            ),
        };

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
                ["best"] = best is null
                    ? null
                    : new JsonObject
                    {
                        ["trial"] = best.Id,
                        ["trainer"] = best.Trainer,
                        ["hyperparameters"] = new JsonObject(
                            best.Hyperparameters.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Finite(kv.Value)))
                        ),
                        ["cv_mean"] = Finite(best.Mean),
                        ["cv_ci_low"] = Finite(best.CiLow),
                        ["cv_ci_high"] = Finite(best.CiHigh),
                    },
            };
        }
        if (result.ClinicalEnsemble is { } ensemble && node["clinical"] is JsonObject clinical)
        {
            // The saved clinical branch and what it is expected to score: its own out-of-fold metric, not the best
            // trial's CV mean (the maximum of many noisy means).
            clinical["ensemble"] = new JsonObject
            {
                ["out_of_fold_score"] = Finite(ensemble.Score),
                ["rule"] = ensemble.Rule,
                ["members"] = new JsonArray([
                    .. ensemble.Members.Select(m =>
                        (JsonNode)
                            new JsonObject
                            {
                                ["trial"] = m.TrialId,
                                ["trainer"] = m.Parameters.Trainer,
                                ["hyperparameters"] = new JsonObject(
                                    m.Parameters.Values.Select(kv =>
                                        KeyValuePair.Create(kv.Key, (JsonNode?)Finite(kv.Value))
                                    )
                                ),
                                ["weight"] = Finite(m.Weight),
                            }
                    ),
                ]),
            };
        }
        return node;
    }

    /// <summary>
    /// The saved clinical branch of a finished run, as lines for the leaderboard ("0.4 × trial 12 LightGbm", …, then
    /// the rule); empty when the run has no metrics.json yet (still running, aborted) or predates ensembles.
    /// </summary>
    public static IReadOnlyList<string> ClinicalEnsembleLines(string runDirectory)
    {
        string path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path))
        {
            return [];
        }
        try
        {
            var ensemble = JsonNode.Parse(File.ReadAllText(path))?["automl"]?["clinical"]?["ensemble"];
            if (ensemble?["members"] is not JsonArray members)
            {
                return [];
            }
            var lines = members.Select(m => $"{m?["weight"]} × trial {m?["trial"]} {m?["trainer"]}").ToList();
            // The leaderboard's CV column is a mean of per-fold scores; this one is pooled over every row's
            // out-of-fold prediction, and the rule's are nested: three estimators, so each is named.
            lines.Add($"pooled out-of-fold score of the saved branch {ensemble["out_of_fold_score"]}");
            lines.Add($"why: {ensemble["rule"]}");
            return lines;
        }
        catch (JsonException)
        {
            return [];
        }
    }

    internal static JsonNode? Finite(double value) =>
        double.IsFinite(value) ? JsonValue.Create(Math.Round(value, 6)) : null;
}
