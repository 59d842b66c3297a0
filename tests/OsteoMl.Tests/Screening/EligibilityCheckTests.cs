using OsteoMl.Dicom;
using OsteoMl.Screening;

namespace OsteoMl.Tests.Screening;

public sealed class EligibilityCheckTests
{
    private static readonly FilmHeader ChestFilm = new()
    {
        Modality = "DX",
        BodyPartExamined = "CHEST",
        ViewPosition = "PA",
        ImageType = ["ORIGINAL", "PRIMARY"],
        PhotometricInterpretation = "MONOCHROME2",
        SamplesPerPixel = 1,
        PatientAge = "067Y",
        PatientSex = "F",
        SopClassUid = "1.2.840.10008.5.1.4.1.1.1.1",
    };

    [Fact]
    public void A_frontal_adult_chest_film_is_eligible()
    {
        Assert.True(EligibilityCheck.Check(ChestFilm, EligibilityRules.Default).IsEligible);
        // Body part and view are checked only where the header has them: many CR films leave them empty.
        var bare = ChestFilm with
        {
            BodyPartExamined = null,
            ViewPosition = null,
            Modality = "CR",
        };
        Assert.True(EligibilityCheck.Check(bare, EligibilityRules.Default).IsEligible);
    }

    public static TheoryData<string, FilmHeader> Refused =>
        new()
        {
            { "modality", ChestFilm with { Modality = "CT" } },
            { "modality", ChestFilm with { Modality = null } },
            { "view", ChestFilm with { ViewPosition = "LL" } },
            { "body-part", ChestFilm with { BodyPartExamined = "KNEE" } },
            { "derived", ChestFilm with { ImageType = ["DERIVED", "SECONDARY"] } },
            { "secondary-capture", ChestFilm with { SopClassUid = "1.2.840.10008.5.1.4.1.1.7" } },
            { "not-grayscale", ChestFilm with { PhotometricInterpretation = "RGB", SamplesPerPixel = 3 } },
            { "age-below-minimum", ChestFilm with { PatientAge = "030Y" } },
            { "age-unknown", ChestFilm with { PatientAge = null } },
            { "transfer-syntax", ChestFilm with { TransferSyntax = "1.2.840.10008.1.2.4.90" } },
        };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Each_rule_refuses_with_its_code_and_a_reason_without_identifiers(string code, FilmHeader header)
    {
        var eligibility = EligibilityCheck.Check(header, EligibilityRules.Default);
        Assert.False(eligibility.IsEligible);
        Assert.Equal(code, eligibility.Code);
        Assert.False(string.IsNullOrWhiteSpace(eligibility.Reason));
        Assert.DoesNotContain("30", eligibility.Reason!); // the patient's age is not repeated
    }

    [Fact]
    public void Rules_are_configurable()
    {
        var rules = EligibilityRules.Default with { MinimumAge = 0, AllowDerived = true, Views = ["PA", "AP", "LL"] };
        Assert.True(EligibilityCheck.Check(ChestFilm with { PatientAge = null }, rules).IsEligible);
        Assert.True(EligibilityCheck.Check(ChestFilm with { ImageType = ["DERIVED"] }, rules).IsEligible);
        Assert.True(EligibilityCheck.Check(ChestFilm with { ViewPosition = "LL" }, rules).IsEligible);
    }

    [Theory]
    [InlineData("065Y", null, null, 65)]
    [InlineData("018M", null, null, 1)]
    [InlineData("070W", null, null, 1)]
    [InlineData("400D", null, null, 1)]
    [InlineData(null, "19550615", "20261204", 71)]
    [InlineData(null, "19550615", "20260614", 70)]
    [InlineData(null, "19550615", "20260615", 71)]
    [InlineData("65", "19550615", "20261204", 71)] // a malformed age string falls back to the dates
    [InlineData(null, "19550615", null, null)]
    [InlineData(null, "20300101", "20261204", null)]
    public void Age_comes_from_the_age_string_else_the_dates(string? age, string? born, string? study, int? years)
    {
        var header = new FilmHeader
        {
            PatientAge = age,
            PatientBirthDate = born,
            StudyDate = study,
        };
        Assert.Equal(years, header.AgeYears);
    }

    [Theory]
    [InlineData("M", "M")]
    [InlineData("F", "F")]
    [InlineData("O", null)]
    [InlineData(null, null)]
    public void Sex_is_M_or_F_or_unknown(string? dicom, string? sex) =>
        Assert.Equal(sex, new FilmHeader { PatientSex = dicom }.Sex);
}
