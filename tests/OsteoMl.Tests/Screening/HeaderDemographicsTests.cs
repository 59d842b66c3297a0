using OsteoMl.Data;
using OsteoMl.Dicom;
using OsteoMl.Screening;

namespace OsteoMl.Tests.Screening;

public sealed class HeaderDemographicsTests
{
    private static readonly Dictionary<string, ColumnKind> AgeSexBmi = new()
    {
        ["age"] = ColumnKind.Numeric,
        ["sex"] = ColumnKind.Categorical,
        ["bmi"] = ColumnKind.Numeric,
    };

    [Fact]
    public void The_header_gives_age_and_sex_for_the_columns_the_model_has()
    {
        var header = new FilmHeader { PatientAge = "072Y", PatientSex = "F" };
        var values = HeaderDemographics.Values(header, AgeSexBmi);
        Assert.Equal("72", values["age"]);
        Assert.Equal("F", values["sex"]);
        Assert.False(values.ContainsKey("bmi"));
        Assert.Empty(HeaderDemographics.Values(header, new Dictionary<string, ColumnKind>()));
    }

    [Fact]
    public void A_disagreeing_csv_is_named_by_film_only()
    {
        var header = new Dictionary<string, string> { ["age"] = "72", ["sex"] = "F" };
        var csv = new Dictionary<string, string> { ["age"] = "72.6", ["sex"] = "M" };
        string[] warnings = [.. HeaderDemographics.Disagreements("films/a.dcm", header, csv)];
        string warning = Assert.Single(warnings);
        Assert.Contains("films/a.dcm", warning);
        Assert.Contains("sex", warning);
        Assert.DoesNotContain("72", warning);
        var olderInCsv = new Dictionary<string, string> { ["age"] = "60", ["sex"] = "f" };
        Assert.Contains("age", Assert.Single(HeaderDemographics.Disagreements("b.dcm", header, olderInCsv)));
    }
}
