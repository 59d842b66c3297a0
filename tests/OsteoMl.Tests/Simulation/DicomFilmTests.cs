using OsteoMl.Dicom;
using OsteoMl.Screening;
using OsteoMl.Simulation;

namespace OsteoMl.Tests.Simulation;

/// <summary>
/// <c>generate --dicom</c>: the same films as DICOM DX images whose header carries the synthetic patient's age and
/// sex, read by OsteoMl exactly as the PNGs are, and eligible for screening.
/// </summary>
public sealed class DicomFilmTests
{
    [Theory]
    [InlineData(256)]
    [InlineData(512)]
    public void Given_dicom_films_Then_the_network_sees_the_pngs_pixels_and_the_header_carries_age_and_sex(int size)
    {
        using var png = new TempFolder();
        using var dicom = new TempFolder();
        CohortSimulator.Generate(png.Path, 3, seed: 8, SiteProfile.A, new SimulationOptions { FilmSize = size });
        CohortSimulator.Generate(
            dicom.Path,
            3,
            seed: 8,
            SiteProfile.A,
            new SimulationOptions { FilmSize = size, Dicom = true }
        );

        string[] rows = File.ReadAllLines(dicom.File("cohort.csv"));
        string[] pngRows = File.ReadAllLines(png.File("cohort.csv"));
        string[] header = rows[0].Split(',');
        for (int r = 1; r < rows.Length; r++)
        {
            string[] cells = rows[r].Split(',');
            string film = cells[Array.IndexOf(header, "image")];
            Assert.EndsWith(".dcm", film);
            Assert.Equal(pngRows[r].Replace(".png", ".dcm", StringComparison.Ordinal), rows[r]);

            var fromDicom = RadiographDescription.Read(dicom.File(film));
            var fromPng = RadiographDescription.Read(png.File(Path.ChangeExtension(film, ".png")));
            Assert.Equal(fromPng.Pixels, fromDicom.Pixels);

            var filmHeader = FilmHeader.Read(dicom.File(film));
            double age = double.Parse(
                cells[Array.IndexOf(header, "age")],
                System.Globalization.CultureInfo.InvariantCulture
            );
            Assert.Equal((int)Math.Floor(age), filmHeader.AgeYears);
            Assert.Equal(cells[Array.IndexOf(header, "sex")], filmHeader.Sex);
            Assert.Equal(cells[0], filmHeader.PatientId);
            Assert.Equal(
                ("DX", "CHEST", "PA"),
                (filmHeader.Modality, filmHeader.BodyPartExamined, filmHeader.ViewPosition)
            );
            Assert.True(DicomUids.IsValid(filmHeader.SopInstanceUid));
            Assert.True(
                EligibilityCheck.Check(filmHeader, EligibilityRules.Default with { MinimumAge = 0 }).IsEligible
            );
        }
    }

    [Fact]
    public void Given_the_same_seed_Then_the_dicom_files_are_byte_identical_and_their_uids_differ_by_film()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();
        var options = new SimulationOptions { Dicom = true };
        CohortSimulator.Generate(first.Path, 4, seed: 2, SiteProfile.A, options);
        CohortSimulator.Generate(second.Path, 4, seed: 2, SiteProfile.A, options);

        string[] films = [.. Directory.GetFiles(first.File("images")).Select(Path.GetFileName).Order()!];
        Assert.All(
            films,
            f =>
                Assert.Equal(
                    File.ReadAllBytes(first.File("images/" + f)),
                    File.ReadAllBytes(second.File("images/" + f))
                )
        );
        var uids = films.Select(f => FilmHeader.Read(first.File("images/" + f!)).SopInstanceUid).ToHashSet();
        Assert.Equal(films.Length, uids.Count);
    }
}
