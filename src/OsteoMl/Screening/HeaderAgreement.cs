using OsteoMl.Data;
using OsteoMl.Dicom;

namespace OsteoMl.Screening;

/// <summary>
/// For a CSV whose films are DICOM: where the CSV's age or sex disagrees with the film's header (age by more than a
/// year), a warning naming the film as the CSV gives it, never the values. The CSV's values are the ones scored.
/// </summary>
public static class HeaderAgreement
{
    /// <summary>How many films are named before the rest are only counted.</summary>
    public const int NamedFilms = 10;

    public static IReadOnlyList<string> Warnings(Cohort cohort)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        if (cohort.ImageNames is not { } names)
        {
            return [];
        }
        string folder = Path.GetDirectoryName(Path.GetFullPath(cohort.Source))!;
        var columns = new Dictionary<string, ColumnKind>
        {
            [HeaderDemographics.AgeColumn] = ColumnKind.Numeric,
            [HeaderDemographics.SexColumn] = ColumnKind.Categorical,
        };
        string[]? ages = cohort.TextColumn(HeaderDemographics.AgeColumn);
        string[]? sexes = cohort.TextColumn(HeaderDemographics.SexColumn);
        var warnings = new List<string>();
        for (int i = 0; i < cohort.Count; i++)
        {
            string path = Path.Combine(folder, names[i]);
            if (!File.Exists(path) || !RadiographFile.IsDicom(path))
            {
                continue;
            }
            var csv = new Dictionary<string, string>();
            if (ages is not null)
            {
                csv[HeaderDemographics.AgeColumn] = ages[i];
            }
            if (sexes is not null)
            {
                csv[HeaderDemographics.SexColumn] = sexes[i];
            }
            FilmHeader film;
            try
            {
                film = FilmHeader.Read(path);
            }
            catch (InvalidDataException)
            {
                continue; // the cohort reader has already reported an unreadable film
            }
            var header = HeaderDemographics.Values(film, columns);
            warnings.AddRange(HeaderDemographics.Disagreements(names[i], header, csv));
        }
        return warnings.Count <= NamedFilms
            ? warnings
            :
            [
                .. warnings.Take(NamedFilms),
                $"… and {warnings.Count - NamedFilms} more disagreements with DICOM headers.",
            ];
    }
}
