using OsteoMl.Cli;
using OsteoMl.Cli.Commands;
using OsteoMl.Simulation;
using Spectre.Console.Testing;

namespace OsteoMl.Tests.Cli;

public sealed class CliTests
{
    private static (int Code, string Output) Run(params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 200;
        int code = CliApp.Run(args, console);
        return (code, console.Output);
    }

    [Fact]
    public void Given_a_missing_csv_When_training_Then_exit_code_2_names_the_path_and_no_zip_is_written()
    {
        using var folder = new TempFolder();
        string zip = folder.File("model.zip");

        var (code, output) = Run(
            "train",
            "--data",
            folder.File("nope.csv"),
            "--out",
            zip,
            "--pipeline",
            PipelinePath()
        );

        Assert.Equal(2, code);
        Assert.Contains("nope.csv", output);
        Assert.False(File.Exists(zip));
    }

    [Fact]
    public void Given_a_one_class_label_When_training_Then_exit_code_2_and_the_previous_model_survives()
    {
        using var folder = new TempFolder();
        CohortSimulator.Generate(folder.Path, 12, seed: 1, SiteProfile.A);
        string csv = folder.File("cohort.csv");
        string[] lines = File.ReadAllLines(csv);
        File.WriteAllLines(csv, lines.Take(1).Concat(lines.Skip(1).Select(l => ReplaceField(l, 2, "0"))));
        string zip = folder.File("model.zip");
        File.WriteAllText(zip, "previous model");

        var (code, output) = Run("train", "--data", csv, "--out", zip, "--pipeline", PipelinePath());

        Assert.Equal(2, code);
        Assert.Contains("only one class", output);
        Assert.Contains("osteoporosis", output);
        Assert.Equal("previous model", File.ReadAllText(zip));
    }

    [Fact]
    public void Given_a_missing_column_When_training_with_label_option_Then_exit_code_2_names_the_column()
    {
        using var folder = new TempFolder();
        CohortSimulator.Generate(folder.Path, 10, seed: 1, SiteProfile.A);

        var (code, output) = Run(
            "train",
            "--data",
            folder.Path,
            "--label",
            "fracture_label",
            "--out",
            folder.File("m.zip"),
            "--pipeline",
            PipelinePath()
        );

        Assert.Equal(2, code);
        Assert.Contains("fracture_label", output);
    }

    [Fact]
    public void Given_an_unknown_site_When_generating_Then_exit_code_2_and_the_message_lists_sites()
    {
        var (code, output) = Run("generate", "--site", "Q", "--out", Path.GetTempPath());

        Assert.Equal(2, code);
        Assert.Contains("A, B, C", output);
    }

    [Theory]
    [InlineData("300")]
    [InlineData("128")]
    [InlineData("3328")]
    public void Given_a_film_size_off_the_256_grid_When_generating_Then_exit_code_2_states_the_rule_and_nothing_is_written(
        string size
    )
    {
        using var folder = new TempFolder();

        var (code, output) = Run("generate", "--size", size, "--patients", "10", "--out", folder.File("g"));

        Assert.Equal(2, code);
        Assert.Contains($"--size must be a multiple of 256 from 256 to 3072; got {size}.", output);
        Assert.False(Directory.Exists(folder.File("g")));
    }

    [Fact]
    public void Given_generate_help_When_asked_Then_it_documents_the_film_size()
    {
        var (_, output) = Run("generate", "--help");

        Assert.Contains("--size", output);
        Assert.Contains("16-bit", output);
    }

    [Fact]
    public void Given_help_When_asked_Then_every_verb_is_listed()
    {
        var (code, output) = Run("--help");

        Assert.Equal(0, code);
        string[] listed = [.. output.Split('\n').Select(l => l.Trim().Split(' ')[0])];
        Assert.All(Verbs, verb => Assert.Contains(verb, listed));
        var (_, bench) = Run("bench", "--help");
        Assert.Contains("automl", bench);
        Assert.Contains("clinical", bench);
        Assert.Contains("perf", bench);
    }

    /// <summary>Every verb of the README's table.</summary>
    private static readonly string[] Verbs =
    [
        "train",
        "evaluate",
        "trials",
        "predict",
        "bench",
        "explain",
        "inspect",
        "generate",
        "pacs",
        "schema",
        "codegen",
        "monitor",
        "serve",
    ];

    [Theory]
    [InlineData("train")]
    [InlineData("evaluate")]
    [InlineData("trials")]
    [InlineData("predict")]
    [InlineData("explain")]
    [InlineData("inspect")]
    [InlineData("generate")]
    [InlineData("codegen")]
    [InlineData("serve")]
    public void Given_verb_help_When_asked_Then_it_renders_and_exits_zero(string verb)
    {
        var (code, output) = Run(verb, "--help");

        Assert.Equal(0, code);
        Assert.Contains(verb, output);
        Assert.Contains("--", output);
    }

    [Fact]
    public void Given_explain_help_When_asked_Then_it_names_the_files_as_explain_writes_them()
    {
        var (_, output) = Run("explain", "--help");

        // What RadiographExplainer writes (row0001_image0.778_fused0.742_occlusion.png), and README's verb table.
        Assert.Contains("rowNNNN_image<p_image>_fused<p_fused>_attention.png", Flat(output));
        Assert.DoesNotContain("_p<probability>", Flat(output));
        string readme = RepositoryFiles.Readme();
        Assert.Contains("rowNNNN_image<p_image>_fused<p_fused>_attention.png", readme);
    }

    [Fact]
    public void Given_recalibrate_help_When_asked_Then_data_says_recalibrate_needs_the_label()
    {
        var (_, output) = Run("recalibrate", "--help");

        Assert.DoesNotContain("needed by evaluate only", Flat(output));
        Assert.Contains("needed by evaluate and recalibrate", Flat(output));
    }

    /// <summary>Help text without the console's line wrapping.</summary>
    private static string Flat(string output) =>
        string.Join(" ", output.Split('\n').Select(l => l.Trim().TrimStart('│').Trim()));

    [Theory]
    [InlineData("automl")]
    [InlineData("clinical")]
    [InlineData("perf")]
    public void Given_bench_verb_help_When_asked_Then_it_renders_and_exits_zero(string verb)
    {
        var (code, output) = Run("bench", verb, "--help");

        Assert.Equal(0, code);
        Assert.Contains("--out", output);
    }

    [Fact]
    public void Given_bench_clinical_with_zero_splits_When_run_Then_exit_code_2_and_nothing_is_trained()
    {
        var (code, output) = Run("bench", "clinical", "--splits", "0");

        Assert.Equal(2, code);
        Assert.Contains("--splits", output);
    }

    [Theory]
    [InlineData("predict --modle other.zip", "`predict` has no option --modle. Did you mean --model?")]
    [InlineData("generate --patient 10", "`generate` has no option --patient. Did you mean --patients?")]
    [InlineData("train --max-trial 5", "`train` has no option --max-trial. Did you mean --max-trials?")]
    [InlineData("trials runs/x --tpo 1", "`trials` has no option --tpo. Did you mean --top?")]
    [InlineData("bench clinical --splts=3", "`bench clinical` has no option --splts. Did you mean --splits?")]
    [InlineData("evaluate --frobnicate", "`evaluate` has no option --frobnicate. `osteoml evaluate --help`")]
    public void Given_a_misspelled_option_When_run_Then_exit_2_names_the_closest_option_and_nothing_runs(
        string line,
        string expected
    )
    {
        using var folder = new TempFolder();
        string[] args = [.. line.Split(' '), .. line.StartsWith("generate") ? new[] { "--out", folder.File("g") } : []];

        var (code, output) = Run(args);

        Assert.Equal(2, code);
        Assert.Contains(expected, output.ReplaceLineEndings(""));
        Assert.False(Directory.Exists(folder.File("g")));
    }

    [Fact]
    public void Given_an_option_value_that_starts_with_a_dash_When_checking_spelling_Then_it_is_a_value_not_an_option()
    {
        Assert.Null(OptionSpelling.Problem("generate", ["--seed", "-1", "--patients", "10"], typeof(GenerateSettings)));
        Assert.Null(OptionSpelling.Problem("predict", ["--data", "--odd-folder-name"], typeof(PredictSettings)));
        Assert.NotNull(OptionSpelling.Problem("predict", ["--no-such", "x"], typeof(PredictSettings)));
    }

    [Theory]
    [InlineData("train --out {file}/m.zip", "--out: '{file}' is a file, not a folder.")]
    [InlineData("train --runs {file}/runs", "--runs: '{file}' is a file, not a folder.")]
    [InlineData("generate --patients 10 --out {file}/cohort", "--out: '{file}' is a file, not a folder.")]
    [InlineData("predict --data {folder} --out {folder}", "--out names a folder; give a file name.")]
    [InlineData("evaluate --data {folder} --report {file}", "--report: '{file}' is a file, not a folder.")]
    public void Given_an_output_that_cannot_be_written_When_run_Then_exit_2_gives_the_true_reason_before_any_work(
        string line,
        string expected
    )
    {
        using var folder = new TempFolder();
        string file = folder.File("plain-file");
        File.WriteAllText(file, "not a folder");
        string Fill(string text) => text.Replace("{file}", file).Replace("{folder}", folder.Path);

        var (code, output) = Run([
            .. line.Split(' ').Select(Fill),
            .. line.StartsWith("train") ? new[] { "--pipeline", PipelinePath() } : [],
        ]);

        Assert.Equal(2, code);
        Assert.Contains(Fill(expected), output.ReplaceLineEndings(""));
        Assert.DoesNotContain("another OsteoMl run", output);
    }

    [Fact]
    public void Given_version_When_asked_Then_it_prints_the_version_and_exits_zero()
    {
        var (code, output) = Run("--version");

        Assert.Equal(0, code);
        Assert.StartsWith(CliApp.Version.Split('+')[0], output.Trim());
    }

    [Theory]
    [InlineData("trials --stage foo", "--stage must be one of clinical, image, image-backbone, fusion")]
    [InlineData("generate --seed -1", "--seed must be 0 or more")]
    [InlineData("generate --simulator 3", "--simulator must be 1 or 2; got 3")]
    [InlineData("train --seed -1", "--seed must be 0 or more")]
    [InlineData("predict --data x.csv --shard 0/3", "--shard must be K/N with 1 <= K <= N; got '0/3'")]
    public void Given_an_out_of_range_option_value_When_run_Then_exit_2_names_the_option(string line, string expected)
    {
        var (code, output) = Run(line.Split(' '));

        Assert.Equal(2, code);
        Assert.Contains(expected, output);
    }

    private static string ReplaceField(string line, int index, string value)
    {
        string[] fields = line.Split(',');
        fields[index] = value;
        return string.Join(',', fields);
    }

    private static string PipelinePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "pipelines", "default.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("pipelines/default.json not found above the test folder.");
    }
}
