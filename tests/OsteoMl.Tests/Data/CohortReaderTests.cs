using OsteoMl.Data;
using SkiaSharp;

namespace OsteoMl.Tests.Data;

public sealed class CohortReaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string WriteCohort(string csv, params string[] images)
    {
        Directory.CreateDirectory(_folder.File("img"));
        foreach (string image in images)
        {
            WritePng(_folder.File(Path.Combine("img", image)));
        }
        string path = _folder.File("cohort.csv");
        File.WriteAllText(path, csv);
        return path;
    }

    private static void WritePng(string path)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(64, 64, SKColorType.Gray8, SKAlphaType.Opaque));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        using var stream = File.Create(path);
        data.SaveTo(stream);
    }

    [Fact]
    public void Given_a_file_that_is_not_an_image_When_reading_Then_the_error_names_the_row_and_column()
    {
        string path = WriteCohort("patient_id,image,osteoporosis,age\nP1,img/a.png,1,70\nP2,img/b.png,0,60\n", "a.png");
        File.WriteAllText(_folder.File(Path.Combine("img", "b.png")), "not a png");

        var error = Assert.Throws<CohortFormatException>(() => CohortReader.Read(path, new CohortOptions()));

        Assert.Equal(3, error.Line);
        Assert.Equal("image", error.Column);
        Assert.Contains("img/b.png", error.Message);
    }

    [Fact]
    public void Given_include_columns_When_reading_Then_only_those_are_features_and_a_missing_one_is_named()
    {
        string path = WriteCohort(
            "patient_id,image,osteoporosis,age,sex,bmi\nP1,img/a.png,1,70,F,22\nP2,img/b.png,0,60,M,27\n",
            "a.png",
            "b.png"
        );

        Cohort cohort = CohortReader.Read(path, new CohortOptions { IncludeColumns = ["age", "sex"] });
        var missing = Assert.Throws<CohortFormatException>(() =>
            CohortReader.Read(path, new CohortOptions { IncludeColumns = ["age", "weight"] })
        );

        Assert.Equal(["age", "sex"], cohort.Columns.Select(c => c.Name));
        Assert.Equal("weight", missing.Column);
        Assert.Contains("includeColumns", missing.Message);
    }

    [Fact]
    public void The_shipped_image_age_sex_pipeline_loads_and_learns_from_age_and_sex_only()
    {
        var config = OsteoMl.Workflows.PipelineConfig.Load(
            Path.Combine(RepositoryFiles.Root(), "pipelines", "image-age-sex.json")
        );

        Assert.Equal(["age", "sex"], config.IncludeColumns);
        Assert.Equal(50, config.Screening.Eligibility.MinimumAge);
        Assert.Equal(["CR", "DX"], config.Screening.Eligibility.Modalities);
    }

    [Fact]
    public void Given_mixed_columns_When_reading_Then_kinds_are_detected_and_missing_values_are_nan()
    {
        string path = WriteCohort(
            """
            patient_id,image,osteoporosis,age,sex,smoker,vitamin_d
            P1,img/a.png,yes,70,F,no,
            P2,img/b.png,no,55.5,M,yes,31.2
            P3,img/c.png,1,NA,F,,12
            """,
            "a.png",
            "b.png",
            "c.png"
        );

        Cohort cohort = CohortReader.Read(path, new CohortOptions());

        Assert.Equal([true, false, true], cohort.Labels);
        Assert.Equal(ColumnKind.Numeric, cohort.Columns.Single(c => c.Name == "age").Kind);
        Assert.Equal(ColumnKind.Categorical, cohort.Columns.Single(c => c.Name == "sex").Kind);
        Assert.Equal(ColumnKind.Boolean, cohort.Columns.Single(c => c.Name == "smoker").Kind);
        Assert.True(float.IsNaN(cohort.Numeric["age"][2]));
        Assert.Equal([0f, 1f, float.NaN], cohort.Numeric["smoker"]);
        Assert.Equal(1, cohort.Columns.Single(c => c.Name == "vitamin_d").MissingCount);
        Assert.All(cohort.ImagePaths!, p => Assert.True(Path.IsPathRooted(p)));
    }

    [Fact]
    public void Given_decimal_commas_in_a_semicolon_file_When_reading_Then_the_columns_are_numbers_with_a_warning()
    {
        string path = WriteCohort(
            "patient_id;image;osteoporosis;age;weight;sex\n"
                + "P1;img/a.png;1;70;154,4;F\nP2;img/b.png;0;55;61;M\nP3;img/c.png;1;63;-0,5;F\n",
            "a.png",
            "b.png",
            "c.png"
        );

        Cohort cohort = CohortReader.Read(path, new CohortOptions());

        Assert.Equal(ColumnKind.Numeric, cohort.Columns.Single(c => c.Name == "weight").Kind);
        Assert.Equal([154.4f, 61f, -0.5f], cohort.Numeric["weight"]);
        Assert.Equal(ColumnKind.Categorical, cohort.Columns.Single(c => c.Name == "sex").Kind);
        Assert.Contains(cohort.Warnings, w => w.Contains("',' as the decimal separator") && w.Contains("'weight'"));
    }

    [Fact]
    public void Given_decimal_commas_and_decimal_points_in_one_file_When_reading_Then_it_is_refused_naming_both()
    {
        string path = WriteCohort(
            "patient_id;image;osteoporosis;age;weight\nP1;img/a.png;1;70,5;60\nP2;img/b.png;0;55;61.2\n",
            "a.png",
            "b.png"
        );

        var error = Assert.Throws<CohortFormatException>(() => CohortReader.Read(path, new CohortOptions()));

        Assert.Equal(2, error.Line);
        Assert.Equal("age", error.Column);
        Assert.Contains("line 3 (column 'weight')", error.Message);
    }

    [Theory]
    [InlineData("P1,img/a.png,1,70\nP1,img/b.png,0,70\n", "osteoporosis", "('1' vs '0')")]
    [InlineData("P1,img/a.png,1,70\nP1,img/b.png,1,71\n", "age", "('70' vs '71')")]
    public void Given_two_films_of_one_patient_that_disagree_When_reading_Then_both_lines_are_named(
        string rows,
        string column,
        string values
    )
    {
        string path = WriteCohort("patient_id,image,osteoporosis,age\n" + rows, "a.png", "b.png");

        var error = Assert.Throws<CohortFormatException>(() => CohortReader.Read(path, new CohortOptions()));

        Assert.Equal(3, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains("lines 2 and 3 share a patient id", error.Message);
        Assert.Contains(values, error.Message);
        Assert.DoesNotContain("P1", error.Message);
    }

    [Fact]
    public void Given_blank_labels_where_the_label_is_optional_When_reading_Then_those_rows_are_unlabelled()
    {
        string path = WriteCohort(
            "patient_id,image,osteoporosis,age\nP1,img/a.png,1,70\nP2,img/b.png,,60\nP3,img/c.png,0,65\n",
            "a.png",
            "b.png",
            "c.png"
        );

        Cohort cohort = CohortReader.Read(path, new CohortOptions { RequireLabel = false });

        Assert.Equal([true, null, false], Enumerable.Range(0, 3).Select(cohort.LabelOf));
        Assert.Throws<CohortFormatException>(() => CohortReader.Read(path, new CohortOptions()));
    }

    [Fact]
    public void Given_a_file_lacking_several_model_columns_When_reading_Then_all_are_named_at_once()
    {
        string path = WriteCohort("patient_id,image,age\nP1,img/a.png,70\n", "a.png");
        var expected = new Dictionary<string, ColumnKind>
        {
            ["age"] = ColumnKind.Numeric,
            ["sex"] = ColumnKind.Categorical,
            ["bmi"] = ColumnKind.Numeric,
        };

        var error = Assert.Throws<CohortFormatException>(() =>
            CohortReader.Read(path, new CohortOptions { RequireLabel = false, ExpectedColumns = expected })
        );

        Assert.Contains("clinical columns 'sex', 'bmi'", error.Message);
    }

    [Fact]
    public void Given_a_tscore_column_When_deriving_the_label_Then_t_at_or_below_minus_2_5_is_positive_and_not_a_feature()
    {
        string path = WriteCohort(
            """
            patient_id,image,t_score,age
            P1,img/a.png,-2.5,70
            P2,img/b.png,-2.4,60
            """,
            "a.png",
            "b.png"
        );

        Cohort cohort = CohortReader.Read(path, new CohortOptions { LabelFromTScoreColumn = "t_score" });

        Assert.Equal([true, false], cohort.Labels);
        Assert.DoesNotContain(cohort.Columns, c => c.Name == "t_score");
    }

    [Fact]
    public void Given_a_bad_label_When_reading_Then_the_error_names_file_line_and_column()
    {
        string path = WriteCohort("patient_id,image,osteoporosis,age\nP1,img/a.png,maybe,70\n", "a.png");

        var error = Assert.Throws<CohortFormatException>(() => CohortReader.Read(path, new CohortOptions()));

        Assert.Equal(2, error.Line);
        Assert.Equal("osteoporosis", error.Column);
        Assert.Contains("cohort.csv, line 2, column 'osteoporosis'", error.Message);
    }

    [Fact]
    public void Given_a_missing_image_When_reading_Then_the_error_names_the_row()
    {
        string path = WriteCohort(
            "patient_id,image,osteoporosis,age\nP1,img/a.png,1,70\nP2,img/missing.png,0,60\n",
            "a.png"
        );

        var error = Assert.Throws<CohortFormatException>(() => CohortReader.Read(path, new CohortOptions()));

        Assert.Equal(3, error.Line);
        Assert.Equal("image", error.Column);
    }

    [Theory]
    [InlineData("img")]
    [InlineData("img/")]
    public void Given_an_image_path_that_is_a_folder_When_reading_Then_the_error_says_it_is_a_folder(string image)
    {
        string path = WriteCohort($"patient_id,image,osteoporosis,age\nP1,img/a.png,1,70\nP2,{image},0,60\n", "a.png");

        var error = Assert.Throws<CohortFormatException>(() => CohortReader.Read(path, new CohortOptions()));

        Assert.Equal(3, error.Line);
        Assert.Equal("image", error.Column);
        Assert.Contains($"image '{image}' is a folder, not an image file", error.Message);
        Assert.DoesNotContain("not found", error.Message);
    }

    [Fact]
    public void Given_an_absolute_image_path_When_not_allowed_Then_it_is_refused()
    {
        string absolute = _folder.File(Path.Combine("img", "a.png"));
        string path = WriteCohort($"patient_id,image,osteoporosis,age\nP1,{absolute},1,70\n", "a.png");

        Assert.Throws<CohortFormatException>(() => CohortReader.Read(path, new CohortOptions()));
        Assert.Single(CohortReader.Read(path, new CohortOptions { AllowAbsolutePaths = true }).PatientIds);
    }

    [Fact]
    public void Given_no_label_column_When_training_Then_the_error_names_the_column()
    {
        string path = WriteCohort("patient_id,image,age\nP1,img/a.png,70\n", "a.png");

        var error = Assert.Throws<CohortFormatException>(() => CohortReader.Read(path, new CohortOptions()));

        Assert.Equal("osteoporosis", error.Column);
    }
}
