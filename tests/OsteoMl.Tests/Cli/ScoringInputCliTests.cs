using System.Text.Json.Nodes;
using OsteoMl.Cli;
using OsteoMl.Tests.AutoML;
using Spectre.Console.Testing;

namespace OsteoMl.Tests.Cli;

/// <summary>What predict and evaluate say about a cohort that is not what the model was trained on.</summary>
public sealed class ScoringInputCliTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _csv;
    private readonly string _zip;

    public ScoringInputCliTests()
    {
        _csv = TabularData.Write(_folder.File("table.csv"));
        _zip = _folder.File("model.zip");
        var (code, output) = Run(
            "train",
            "--data",
            _csv,
            "--label",
            "outcome",
            "--no-images",
            "--max-trials",
            "3",
            "--out",
            _zip,
            "--runs",
            _folder.File("runs")
        );
        Assert.True(code == 0, output);
    }

    public void Dispose() => _folder.Dispose();

    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 400;
        int code = CliApp.Run(args, console);
        return (code, console.Output.ReplaceLineEndings(" "));
    }

    /// <summary>The training table with group "c" written as "C" (another site's spelling).</summary>
    private string Respelled()
    {
        string path = _folder.File("respelled.csv");
        File.WriteAllLines(path, File.ReadAllLines(_csv).Select(l => l.Replace(",c,", ",C,")));
        return path;
    }

    [Fact]
    public void Given_category_values_training_never_saw_When_predicting_Then_a_warning_counts_them()
    {
        string csv = Respelled();
        int count = File.ReadAllLines(csv).Count(l => l.Contains(",C,"));

        var (code, output) = Run(
            "predict",
            "--model",
            _zip,
            "--data",
            csv,
            "--label",
            "outcome",
            "--out",
            _folder.File("p.csv")
        );

        Assert.Equal(0, code);
        Assert.Contains($"column 'group': {count} rows with values training never saw ('C' ×{count};", output);
        Assert.Contains("training saw 'a', 'b', 'c'", output);
    }

    [Fact]
    public void Given_unseen_category_values_and_strict_When_predicting_Then_exit_2_and_nothing_is_written()
    {
        string output = _folder.File("p.csv");

        var (code, text) = Run("predict", "--model", _zip, "--data", Respelled(), "--strict", "--out", output);

        Assert.Equal(2, code);
        Assert.Contains("column 'group'", text);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Given_the_training_csv_itself_When_evaluating_Then_it_is_flagged_as_not_external()
    {
        string report = _folder.File("eval");

        var (code, output) = Run("evaluate", "--model", _zip, "--data", _csv, "--label", "outcome", "--report", report);

        Assert.Equal(0, code);
        Assert.Contains("WARNING: this is the model's own training CSV", output);
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(report, "metrics.json")))!;
        Assert.True(metrics["is_training_cohort"]!.GetValue<bool>());
        Assert.Equal(metrics["data_hash"]!.GetValue<string>(), metrics["model_training_data_hash"]!.GetValue<string>());
    }

    [Fact]
    public void Given_the_training_csv_saved_with_crlf_When_evaluating_Then_its_patients_are_counted_as_training_ones()
    {
        string csv = _folder.File("with-ids.csv");
        File.WriteAllLines(csv, File.ReadAllLines(_csv).Select((l, i) => (i == 0 ? "patient_id," : $"P{i},") + l));
        string zip = _folder.File("with-ids.zip");
        var (trained, trainOutput) = Run(
            "train",
            "--data",
            csv,
            "--label",
            "outcome",
            "--no-images",
            "--max-trials",
            "3",
            "--out",
            zip,
            "--runs",
            _folder.File("runs")
        );
        Assert.True(trained == 0, trainOutput);
        string crlf = _folder.File("with-ids-crlf.csv");
        File.WriteAllText(crlf, string.Join("\r\n", File.ReadAllLines(csv)) + "\r\n");
        string report = _folder.File("eval");

        var (code, output) = Run("evaluate", "--model", zip, "--data", crlf, "--label", "outcome", "--report", report);

        Assert.Equal(0, code);
        int patients = File.ReadAllLines(csv).Length - 1;
        Assert.Contains(
            $"WARNING: {patients} of {patients} evaluated patients are in the model's training CSV",
            output
        );
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(report, "metrics.json")))!;
        Assert.True(metrics["is_training_cohort"]!.GetValue<bool>());
        var overlap = metrics["training_overlap"]!;
        Assert.Equal(patients, overlap["patients"]!.GetValue<int>());
        Assert.Equal(patients, overlap["evaluated_patients"]!.GetValue<int>());
        Assert.Equal(
            patients,
            overlap["fitted_patients"]!.GetValue<int>() + overlap["held_out_patients"]!.GetValue<int>()
        );
        string card = File.ReadAllText(Path.Combine(report, "metrics.json"));
        using var archive = System.IO.Compression.ZipFile.OpenRead(zip);
        using (var reader = new StreamReader(archive.GetEntry(OsteoMl.Model.ModelCard.EntryName)!.Open()))
        {
            card += reader.ReadToEnd();
        }
        Assert.DoesNotContain("\"P1\"", card); // no patient identifiers in the zip's card or the report
        Assert.DoesNotContain("P1,", card);
    }

    [Fact]
    public void Given_another_csv_When_evaluating_Then_metrics_json_holds_its_own_hash_and_the_training_one()
    {
        string report = _folder.File("eval");

        var (code, output) = Run(
            "evaluate",
            "--model",
            _zip,
            "--data",
            Respelled(),
            "--label",
            "outcome",
            "--report",
            report
        );

        Assert.Equal(0, code);
        Assert.DoesNotContain("training CSV", output);
        var metrics = JsonNode.Parse(File.ReadAllText(Path.Combine(report, "metrics.json")))!;
        Assert.False(metrics["is_training_cohort"]!.GetValue<bool>());
        Assert.StartsWith("sha256:", metrics["data_hash"]!.GetValue<string>());
        Assert.NotEqual(
            metrics["data_hash"]!.GetValue<string>(),
            metrics["model_training_data_hash"]!.GetValue<string>()
        );
        Assert.Single(metrics["warnings"]!.AsArray());
    }

    [Fact]
    public void Given_a_no_images_zip_When_explaining_a_csv_with_films_Then_only_the_error_is_printed()
    {
        // The training table plus id and image columns, so that the cohort itself is readable and only the zip is wrong.
        string film = _folder.File("film.png");
        using (
            var bitmap = new SkiaSharp.SKBitmap(
                new SkiaSharp.SKImageInfo(64, 64, SkiaSharp.SKColorType.Gray8, SkiaSharp.SKAlphaType.Opaque)
            )
        )
        using (var png = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100))
        {
            File.WriteAllBytes(film, png.ToArray());
        }
        string csv = _folder.File("with-films.csv");
        File.WriteAllLines(
            csv,
            File.ReadAllLines(_csv).Select((l, i) => i == 0 ? $"patient_id,{l},image" : $"P{i},{l},film.png")
        );

        var (code, output) = Run(
            "explain",
            "--model",
            _zip,
            "--data",
            csv,
            "--label",
            "outcome",
            "--out",
            _folder.File("explain")
        );

        Assert.Equal(2, code);
        Assert.StartsWith("error: ", output.TrimStart());
        Assert.Contains("no image branch", output);
        Assert.DoesNotContain("Explaining", output);
        Assert.DoesNotContain("frozen backbone", output);
    }

    [Fact]
    public void Given_thresholds_chosen_on_the_validation_split_When_evaluating_Then_the_threshold_line_reads_as_english()
    {
        // An image run's card says "the validation split" (a tabular run pools it into the folds).
        string zip = _folder.File("validation-split.zip");
        File.Copy(_zip, zip);
        (OsteoMl.Model.ModelCard.Read(zip) with { ThresholdsChosenOn = "the validation split" }).WriteInto(zip);
        string report = _folder.File("eval");

        var (code, output) = Run("evaluate", "--model", zip, "--data", _csv, "--label", "outcome", "--report", report);

        Assert.Equal(0, code);
        Assert.Contains("on the validation split", output);
        Assert.DoesNotContain("run's the", output);
        string metrics = File.ReadAllText(Path.Combine(report, "metrics.json"));
        Assert.DoesNotContain("run's the", metrics);
    }

    /// <summary>
    /// The training table as an export to score: a folder holding cohort.csv with a patient_id column and without
    /// the label.
    /// </summary>
    private string Export(string folder)
    {
        Directory.CreateDirectory(folder);
        string[] lines = File.ReadAllLines(_csv);
        File.WriteAllLines(
            Path.Combine(folder, "cohort.csv"),
            lines.Select((l, i) => (i == 0 ? "patient_id," : $"P{i},") + l[..l.LastIndexOf(',')])
        );
        return folder;
    }

    [Fact]
    public void Given_an_out_folder_that_does_not_exist_When_predicting_a_shard_Then_it_is_created()
    {
        string output = Path.Combine(_folder.File("out"), "nested", "shard-1.csv");

        var (code, text) = Run(
            "predict",
            "--model",
            _zip,
            "--data",
            Export(_folder.File("export")),
            "--shard",
            "1/2",
            "--out",
            output
        );

        Assert.True(code == 0, text);
        Assert.True(File.Exists(output));
    }

    [Fact]
    public void Given_the_readme_shard_recipe_When_run_as_printed_Then_the_merged_file_equals_one_unsharded_predict()
    {
        var (scoring, merge) = ReadmeShardRecipe();
        string root = _folder.File("recipe");
        Directory.CreateDirectory(root);
        File.Copy(_zip, Path.Combine(root, "m.zip"));
        Export(Path.Combine(root, "export"));
        string whole = Path.Combine(root, "whole.csv");
        var (wholeCode, wholeText) = Run(
            "predict",
            "--model",
            Path.Combine(root, "m.zip"),
            "--data",
            Path.Combine(root, "export"),
            "--out",
            whole
        );
        Assert.True(wholeCode == 0, wholeText);

        int tasks = int.Parse(
            System.Text.RegularExpressions.Regex.Match(scoring, @"--array=1-(\d+)").Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture
        );
        string command = System
            .Text.RegularExpressions.Regex.Match(scoring, "--wrap '(osteoml [^']*)'")
            .Groups[1]
            .Value;
        for (int task = 1; task <= tasks; task++)
        {
            // The array task's command as printed; its relative paths are relative to the recipe's folder.
            string[] args = command
                .Replace(
                    "${SLURM_ARRAY_TASK_ID}",
                    task.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    StringComparison.Ordinal
                )
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
            foreach (
                int i in Enumerable
                    .Range(1, args.Length - 1)
                    .Where(i => args[i - 1] is "--model" or "--data" or "--out")
            )
            {
                args[i] = Path.Combine(root, args[i]);
            }
            var (code, text) = Run(args);
            Assert.True(code == 0, text);
        }
        var shell = System.Diagnostics.Process.Start(
            new System.Diagnostics.ProcessStartInfo("bash", ["-euo", "pipefail", "-c", merge])
            {
                WorkingDirectory = root,
            }
        )!;
        shell.WaitForExit();

        Assert.Equal(0, shell.ExitCode);
        Assert.True(File.ReadAllLines(whole).Length > tasks, "too few rows to tell orders apart");
        Assert.Equal(File.ReadAllText(whole), File.ReadAllText(Path.Combine(root, "predictions.csv")));
    }

    /// <summary>
    /// README's Slurm recipe: its sbatch line, and the merge lines after it, so that this test runs what the README
    /// prints and breaks when the README changes.
    /// </summary>
    private static (string Scoring, string Merge) ReadmeShardRecipe()
    {
        string readme = RepositoryFiles.Readme();
        int sbatch = readme.IndexOf("sbatch --array", StringComparison.Ordinal);
        Assert.True(sbatch > 0, "README has no sbatch recipe");
        int blockEnd = readme.IndexOf("```", sbatch, StringComparison.Ordinal);
        string[] lines = readme[sbatch..blockEnd].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (lines[0], string.Join('\n', lines[1..].Where(l => !l.TrimStart().StartsWith('#'))));
    }

    [Fact]
    public void Given_a_local_sample_When_recalibrating_Then_the_new_zip_applies_the_fitted_map_and_threshold()
    {
        string local = TabularData.Write(_folder.File("local.csv"), rows: 150, seed: 77);
        string recalibrated = _folder.File("recalibrated.zip");
        byte[] original = File.ReadAllBytes(_zip);

        var (code, output) = Run(
            "recalibrate",
            "--model",
            _zip,
            "--data",
            local,
            "--label",
            "outcome",
            "--out",
            recalibrated
        );

        Assert.True(code == 0, output);
        Assert.Equal(original, File.ReadAllBytes(_zip));
        var card = OsteoMl.Model.ModelCard.Read(recalibrated);
        Assert.StartsWith("logistic recalibration of the clinical probability", card.Recalibration);
        var cohort = OsteoMl.Data.CohortReader.Read(
            local,
            new OsteoMl.Data.CohortOptions
            {
                LabelColumn = "outcome",
                IdColumnOptional = true,
                RequireImages = false,
            }
        );
        using var before = OsteoMl.Model.OsteoMlModel.Load(_zip);
        using var after = OsteoMl.Model.OsteoMlModel.Load(recalibrated);
        var p0 = before.Score(cohort);
        var p1 = after.Score(cohort);
        // The same maximum-likelihood fit, redone here on the original zip's probabilities and the local labels.
        var fit = OsteoMl.Evaluation.LogisticRecalibration.Fit(
            [.. p0.Select(p => (double)p.ClinicalProbability)],
            [.. cohort.Labels!]
        );
        double threshold = card.Thresholds["clinical"];
        for (int i = 0; i < p0.Count; i++)
        {
            double expected = fit.Apply(p0[i].ClinicalProbability);
            Assert.True(
                Math.Abs(expected - p1[i].ClinicalProbability) < 1e-5,
                $"row {i}: {expected} vs {p1[i].ClinicalProbability}"
            );
            Assert.Equal(p1[i].ClinicalProbability >= threshold, p1[i].Predicted);
        }
        // Its drift reference describes the local sample, at the new threshold.
        var drift = OsteoMl.Monitoring.DriftReference.Read(recalibrated)!;
        Assert.Contains("local.csv the zip was recalibrated on", drift.InputsOn, StringComparison.Ordinal);
        Assert.Equal("p_clinical", drift.DecidedScore);
        Assert.Equal(threshold, drift.Threshold);
        Assert.Equal(cohort.PatientCount, drift.ScoredPatients);
        Assert.All(drift.Inputs, h => Assert.Equal(cohort.PatientCount, h.Total));
        Assert.NotNull(drift.HeldOut);
    }

    [Fact]
    public void Given_a_cohort_with_far_more_cases_than_predicted_When_evaluating_Then_a_site_shift_is_reported()
    {
        string shifted = _folder.File("shifted.csv");
        int row = 0;
        File.WriteAllLines(
            shifted,
            File.ReadAllLines(_csv)
                .Select(l => l.EndsWith(",no", StringComparison.Ordinal) && row++ % 2 == 0 ? l[..^3] + ",yes" : l)
        );

        var (code, output) = Run(
            "evaluate",
            "--model",
            _zip,
            "--data",
            shifted,
            "--label",
            "outcome",
            "--report",
            _folder.File("eval")
        );

        Assert.Equal(0, code);
        Assert.Contains("site shift: the clinical probability expects", output);
        Assert.Contains("osteoml recalibrate", output);
    }

    private OsteoMl.Data.Cohort Table() =>
        OsteoMl.Data.CohortReader.Read(
            _csv,
            new OsteoMl.Data.CohortOptions
            {
                LabelColumn = "outcome",
                IdColumnOptional = true,
                RequireImages = false,
            }
        );

    [Fact]
    public void Given_a_stopped_and_crashed_predict_When_run_again_Then_the_output_equals_an_uninterrupted_run_byte_for_byte()
    {
        using var model = OsteoMl.Model.OsteoMlModel.Load(_zip);
        var cohort = Table();
        string whole = _folder.File("whole.csv"),
            resumed = _folder.File("resumed.csv");
        OsteoMl.Workflows.ArchiveScoring.Run(model, cohort, whole, OsteoMl.Workflows.Shard.All, batchSize: 16);

        using var stop = new CancellationTokenSource();
        Assert.Throws<OsteoMl.Workflows.ScoringStoppedException>(() =>
            OsteoMl.Workflows.ArchiveScoring.Run(
                model,
                cohort,
                resumed,
                OsteoMl.Workflows.Shard.All,
                batchSize: 16,
                new OsteoMl.Common.InlineProgress<int>(done =>
                {
                    if (done >= 48)
                        stop.Cancel();
                }),
                stop.Token
            )
        );
        string partial = OsteoMl.Workflows.ArchiveScoring.PartialPath(resumed);
        Assert.False(File.Exists(resumed));
        File.AppendAllText(partial, "row-99,0.1,0.2"); // a crash in the middle of the next batch's write
        var result = OsteoMl.Workflows.ArchiveScoring.Run(
            model,
            cohort,
            resumed,
            OsteoMl.Workflows.Shard.All,
            batchSize: 16
        );

        Assert.Equal(48, result.Resumed);
        Assert.Equal(File.ReadAllBytes(whole), File.ReadAllBytes(resumed));
        Assert.False(File.Exists(partial));
    }

    [Fact]
    public void Given_three_shards_When_scored_separately_Then_together_they_hold_every_row_once_and_each_patient_in_one()
    {
        using var model = OsteoMl.Model.OsteoMlModel.Load(_zip);
        var cohort = Table();
        string whole = _folder.File("whole.csv");
        OsteoMl.Workflows.ArchiveScoring.Run(model, cohort, whole, OsteoMl.Workflows.Shard.All);
        string[] expected = File.ReadAllLines(whole);

        var shards = Enumerable
            .Range(1, 3)
            .Select(k =>
            {
                string path = _folder.File($"shard-{k}.csv");
                OsteoMl.Workflows.ArchiveScoring.Run(model, cohort, path, new OsteoMl.Workflows.Shard(k, 3));
                return File.ReadAllLines(path);
            })
            .ToArray();

        Assert.All(shards, lines => Assert.Equal("row," + expected[0], lines[0]));
        // Each line is its row number in the input, then what one unsharded run writes for that row.
        Assert.All(
            shards.SelectMany(lines => lines.Skip(1)),
            line => Assert.Equal(expected[int.Parse(line[..line.IndexOf(',')])], line[(line.IndexOf(',') + 1)..])
        );
        Assert.Equal(expected.Length - 1, shards.Sum(lines => lines.Length - 1));
        Assert.All(shards, lines => Assert.True(lines.Length > 1, "an empty shard"));
        // Each shard keeps the input's order.
        Assert.All(
            shards,
            lines => Assert.Equal(lines.Skip(1).OrderBy(l => int.Parse(l[..l.IndexOf(',')])), lines.Skip(1))
        );
    }

    [Fact]
    public void Given_a_partial_output_of_another_shard_When_resuming_Then_it_is_refused_and_kept()
    {
        using var model = OsteoMl.Model.OsteoMlModel.Load(_zip);
        var cohort = Table();
        string output = _folder.File("p.csv");
        OsteoMl.Workflows.ArchiveScoring.Run(model, cohort, output, new OsteoMl.Workflows.Shard(1, 2));
        File.Move(output, OsteoMl.Workflows.ArchiveScoring.PartialPath(output));

        var error = Assert.Throws<OsteoMl.Common.OutputException>(() =>
            OsteoMl.Workflows.ArchiveScoring.Run(model, cohort, output, new OsteoMl.Workflows.Shard(2, 2))
        );

        Assert.Contains("another input, model or --shard", error.Message);
        Assert.True(File.Exists(OsteoMl.Workflows.ArchiveScoring.PartialPath(output)));
    }
}
