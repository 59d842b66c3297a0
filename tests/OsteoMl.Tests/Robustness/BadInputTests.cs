using OsteoMl.Cli;
using Spectre.Console.Testing;

namespace OsteoMl.Tests.Robustness;

/// <summary>
/// Bad input → exit code 2, one message naming the file (and line and column where there is one), and nothing
/// written or overwritten: every case trains over an existing model file and checks it is byte-identical after.
/// </summary>
public sealed class BadInputTests
{
    private const string Header = "id,age,weight,marker,outcome";

    private static string Rows(int n, Func<int, string>? row = null) =>
        string.Join(
            "\n",
            Enumerable
                .Range(0, n)
                .Select(i => row?.Invoke(i) ?? $"p{i},{50 + i % 30},{60 + i % 20},{i % 7}.5,{(i % 3 == 0 ? 1 : 0)}")
        );

    private static (int Code, string Output) Train(TempFolder folder, string csvContent, params string[] extra)
    {
        string csv = folder.File("table.csv");
        File.WriteAllText(csv, csvContent);
        return RunKeepingModel(
            folder,
            [
                "train",
                "--data",
                csv,
                "--label",
                "outcome",
                "--id-column",
                "id",
                "--no-images",
                "--max-trials",
                "2",
                .. extra,
            ]
        );
    }

    /// <summary>
    /// Runs the CLI over a pre-existing model and asserts that the model is untouched when the run fails.
    /// </summary>
    private static (int Code, string Output) RunKeepingModel(TempFolder folder, string[] args)
    {
        string zip = folder.File("model.zip");
        byte[] previous = [1, 2, 3, 4];
        File.WriteAllBytes(zip, previous);
        var console = new TestConsole();
        console.Profile.Width = 400;
        int code = CliApp.Run([.. args, "--out", zip, "--runs", folder.File("runs")], console);
        if (code != 0)
        {
            Assert.Equal(previous, File.ReadAllBytes(zip));
            Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
        }
        return (code, console.Output.Replace("\n", " ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData(Header + "\n", "no data rows")]
    [InlineData("id,age,age,outcome\np1,1,2,1\n", "column 'age'")]
    public void Given_an_empty_header_only_or_duplicate_header_csv_When_training_Then_exit_2_names_the_problem(
        string csv,
        string expected
    )
    {
        using var folder = new TempFolder();

        var (code, output) = Train(folder, csv);

        Assert.Equal(2, code);
        Assert.Contains("table.csv", output);
        Assert.Contains(expected, output);
    }

    [Fact]
    public void Given_a_missing_csv_When_training_Then_exit_2()
    {
        using var folder = new TempFolder();
        var (code, output) = RunKeepingModel(folder, ["train", "--data", folder.File("absent.csv"), "--no-images"]);

        Assert.Equal(2, code);
        Assert.Contains("absent.csv", output);
    }

    [Theory]
    [InlineData("outcome", "--label", "nope", "'nope' is missing")]
    [InlineData("id", "--id-column", "patient", "'patient' is missing")]
    public void Given_a_missing_label_or_id_column_When_training_Then_exit_2_names_it(
        string _,
        string option,
        string value,
        string expected
    )
    {
        using var folder = new TempFolder();

        var (code, output) = Train(folder, Header + "\n" + Rows(60), option, value);

        Assert.Equal(2, code);
        Assert.Contains(expected, output);
    }

    [Fact]
    public void Given_a_missing_image_column_When_training_with_images_Then_exit_2_names_it()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("table.csv"), Header + "\n" + Rows(60));

        var (code, output) = RunKeepingModel(
            folder,
            ["train", "--data", folder.File("table.csv"), "--label", "outcome", "--id-column", "id"]
        );

        Assert.Equal(2, code);
        Assert.Contains("'image' is missing", output);
    }

    [Theory]
    [InlineData(0, "only one class")]
    [InlineData(1, "label '2'")]
    [InlineData(2, "label 'maybe'")]
    public void Given_a_one_class_three_class_or_unparseable_label_When_training_Then_exit_2(
        int variant,
        string expected
    )
    {
        using var folder = new TempFolder();
        string rows = Rows(
            60,
            i =>
                $"p{i},{50 + i % 30},{60 + i % 20},{i % 7}.5,"
                + variant switch
                {
                    0 => "0",
                    1 => (i % 3).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    _ => i == 17 ? "maybe" : (i % 2).ToString(System.Globalization.CultureInfo.InvariantCulture),
                }
        );

        var (code, output) = Train(folder, Header + "\n" + rows);

        Assert.Equal(2, code);
        Assert.Contains(expected, output);
    }

    [Theory]
    [InlineData("abc", "'abc' in a column of numbers")]
    [InlineData("Infinity", "'Infinity' in a column of numbers")]
    [InlineData("-Infinity", "'-Infinity' in a column of numbers")]
    public void Given_text_or_infinity_in_a_numeric_column_When_training_Then_exit_2_names_row_and_column(
        string bad,
        string expected
    )
    {
        using var folder = new TempFolder();
        string rows = Rows(60, i => $"p{i},{(i == 9 ? bad : Age(i))},{60 + i % 20},{i % 7}.5,{i % 2}");

        var (code, output) = Train(folder, Header + "\n" + rows);

        Assert.Equal(2, code);
        Assert.Contains(expected, output);
        Assert.Contains("line 11", output);
        Assert.Contains("age", output);
    }

    [Fact]
    public void Given_NaN_tokens_When_training_Then_they_are_missing_values_not_errors()
    {
        using var folder = new TempFolder();
        string rows = Rows(80, i => $"p{i},{(i % 10 == 0 ? "NaN" : Age(i))},{60 + i % 20},{i % 7}.5,{i % 2}");

        var (code, output) = Train(folder, Header + "\n" + rows);

        Assert.True(code == 0, output);
    }

    [Fact]
    public void Given_an_all_missing_feature_When_training_Then_exit_2_names_the_column()
    {
        using var folder = new TempFolder();
        string rows = Rows(60, i => $"p{i},{50 + i % 30},{60 + i % 20},,{i % 2}");

        var (code, output) = Train(folder, Header + "\n" + rows);

        Assert.Equal(2, code);
        Assert.Contains("marker", output);
        Assert.Contains("no values", output);
    }

    [Fact]
    public void Given_too_few_patients_per_class_for_the_folds_When_training_Then_exit_2_says_what_to_do()
    {
        using var folder = new TempFolder();
        // 4 positives: about 3 in the pooled training rows of a tabular-only run, fewer than the 5 folds.
        string rows = Rows(40, i => $"p{i},{50 + i % 30},{60 + i % 20},{i % 7}.5,{(i < 4 ? 1 : 0)}");

        var (code, output) = Train(folder, Header + "\n" + rows);

        Assert.Equal(2, code);
        Assert.Contains("cross-validation needs at least", output);
    }

    [Theory]
    [InlineData("patient_name")]
    [InlineData("MRN")]
    [InlineData("phone")]
    [InlineData("home_address")]
    [InlineData("date_of_birth")]
    public void Given_an_identifier_like_column_When_training_Then_it_is_refused_unless_allowed(string column)
    {
        using var folder = new TempFolder();
        string rows = Rows(80, i => $"p{i},{50 + i % 30},{60 + i % 20},x{i},{i % 2}");
        string csv = Header.Replace("marker", column, StringComparison.Ordinal) + "\n" + rows;

        var (refused, output) = Train(folder, csv);
        var (allowed, _) = Train(folder, csv, "--allow-identifier-columns");

        Assert.Equal(2, refused);
        Assert.Contains(column, output);
        Assert.Contains("identifier", output);
        Assert.Equal(0, allowed);
    }

    [Theory]
    [InlineData("{ \"folds\": 5, \"colour\": \"blue\" }", "colour")]
    [InlineData("{ \"folds\": 1 }", "folds must be between")]
    [InlineData("{ \"autoMl\": { \"maxTrials\": 0 } }", "maxTrials")]
    [InlineData("{ \"split\": { \"train\": 0.9, \"validation\": 0.3 } }", "split.train")]
    [InlineData("not json", "not valid JSON")]
    [InlineData("{ \"autoMl\": { \"tunr\": \"cfo\" } }", "unknown key 'autoMl.tunr'. Did you mean 'autoMl.tuner'?")]
    [InlineData("{\n  \"folds\": 5,\n  \"fold\": 4\n}", "line 3: unknown key 'fold'. Did you mean 'folds'?")]
    [InlineData("{ \"folds\": \"five\" }", "'folds' must be a whole number")]
    [InlineData(
        "{ \"image\": { \"selectAgainstBackbone\": 1 } }",
        "'image.selectAgainstBackbone' must be true or false"
    )]
    public void Given_a_bad_pipeline_config_When_training_Then_exit_2_names_the_key(string json, string expected)
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("pipeline.json"), json);

        var (code, output) = Train(folder, Header + "\n" + Rows(60), "--pipeline", folder.File("pipeline.json"));

        Assert.Equal(2, code);
        Assert.Contains(expected, output);
    }

    private static string Age(int i) => (50 + i % 30).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
