using System.Globalization;
using System.Text.Json;
using OsteoMl.Data;
using OsteoMl.Dicom;
using OsteoMl.Model;
using OsteoMl.Screening;

namespace OsteoMl.Serving;

/// <summary>
/// Reads <c>POST /predict</c>'s JSON body: one object keyed by the training CSV's column names, as a CSV row would
/// give them (<c>"age": 71</c>, <c>"sex": "F"</c>, <c>"smoking": 0</c> or <c>false</c>, <c>null</c> or a missing key
/// for an empty cell), <c>image</c> a path under the service's images folder and <c>patient_id</c> optional.
/// </summary>
public static class JsonRequest
{
    public const string ImageField = "image";
    public const string IdField = "patient_id";

    public static PredictionRequest Parse(JsonElement body, ServedModel served, string? imagesFolder)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new BadRequestException("$", "the body must be one JSON object keyed by the training CSV's columns.");
        }
        var expected = served.Model.ExpectedClinicalColumns;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var warnings = new List<string>();
        string? id = null,
            image = null;
        foreach (var property in body.EnumerateObject())
        {
            string text = Cell(property);
            if (property.Name == IdField)
            {
                id = text;
            }
            else if (property.Name == ImageField)
            {
                image = text;
            }
            else if (expected.ContainsKey(property.Name))
            {
                values[property.Name] = text;
            }
            else
            {
                warnings.Add($"{property.Name}: not an input of this model; ignored.");
            }
        }
        var request = new PredictionRequest
        {
            PatientId = id,
            ImageName = image,
            Values = values,
            Warnings = [.. warnings, .. UnseenCategories(values, served.Card)],
        };
        return served.Model.UsesImages ? WithFilm(request, imagesFolder, expected) : request;
    }

    private static PredictionRequest WithFilm(
        PredictionRequest request,
        string? imagesFolder,
        IReadOnlyDictionary<string, ColumnKind> expected
    )
    {
        if (string.IsNullOrEmpty(request.ImageName))
        {
            throw new BadRequestException(
                ImageField,
                "this model reads a film: give `image` (a path under the service's --images folder) or upload the "
                    + "film as multipart/form-data."
            );
        }
        string path = FilmUnder(imagesFolder, request.ImageName);
        FilmHeader? header = RadiographFile.IsDicom(path) ? ReadHeader(path) : null;
        var values = request.Values;
        var warnings = request.Warnings.ToList();
        if (header is not null)
        {
            var fromHeader = HeaderDemographics.Values(header, expected);
            warnings.AddRange(HeaderDemographics.Disagreements(ImageField, fromHeader, values));
            values = Merge(fromHeader, values);
        }
        return request with { LoadablePath = Loadable(path, null), Values = values, Warnings = warnings };
    }

    /// <summary>The request's own values win; the header fills what it left empty (a CSV's rule in predict).</summary>
    internal static Dictionary<string, string> Merge(
        IReadOnlyDictionary<string, string> fromHeader,
        IReadOnlyDictionary<string, string> given
    )
    {
        var merged = new Dictionary<string, string>(given, StringComparer.Ordinal);
        foreach (var (column, value) in fromHeader)
        {
            if (string.IsNullOrEmpty(merged.GetValueOrDefault(column)))
            {
                merged[column] = value;
            }
        }
        return merged;
    }

    /// <summary>The film at <paramref name="name"/> under the images folder; never a path outside it.</summary>
    internal static string FilmUnder(string? imagesFolder, string name)
    {
        if (imagesFolder is null)
        {
            throw new BadRequestException(
                ImageField,
                "this service was started without --images, so `image` cannot be read; upload the film as "
                    + "multipart/form-data instead."
            );
        }
        string root = Path.GetFullPath(imagesFolder);
        string path = Path.GetFullPath(Path.Combine(root, name));
        if (Path.IsPathRooted(name) || !path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new BadRequestException(ImageField, "`image` must be a relative path inside the images folder.");
        }
        if (!File.Exists(path))
        {
            throw new BadRequestException(ImageField, $"no film {name} under the images folder.");
        }
        return path;
    }

    internal static FilmHeader ReadHeader(string path)
    {
        try
        {
            return FilmHeader.Read(path);
        }
        catch (InvalidDataException e)
        {
            throw new BadRequestException(ImageField, $"unreadable DICOM film: {e.Message}");
        }
    }

    internal static string Loadable(string path, string? cacheFolder)
    {
        try
        {
            return RadiographFile.Loadable(path, cacheFolder);
        }
        catch (InvalidDataException e)
        {
            throw new BadRequestException(ImageField, $"undecodable film: {e.Message}");
        }
    }

    /// <summary>A spelling the model never saw counts as blank in the zip (predict warns the same way).</summary>
    internal static IEnumerable<string> UnseenCategories(IReadOnlyDictionary<string, string> values, ModelCard card)
    {
        foreach (var (column, value) in values)
        {
            if (
                value.Length > 0
                && card.Categories?.GetValueOrDefault(column) is { } known
                && !known.Contains(value, StringComparer.Ordinal)
            )
            {
                yield return $"{column}: value never seen in training (known: {string.Join(", ", known)}); the model "
                    + "treats it as blank.";
            }
        }
    }

    private static string Cell(JsonProperty property) =>
        property.Value.ValueKind switch
        {
            JsonValueKind.Null => "",
            JsonValueKind.String => property.Value.GetString()!,
            JsonValueKind.Number => property.Value.GetRawText(),
            JsonValueKind.True => "1",
            JsonValueKind.False => "0",
            _ => throw new BadRequestException(property.Name, "must be a number, a string, true/false or null."),
        };
}
