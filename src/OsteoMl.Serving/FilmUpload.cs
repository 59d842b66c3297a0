using Microsoft.AspNetCore.Http;
using OsteoMl.Common;
using OsteoMl.Dicom;
using OsteoMl.Screening;

namespace OsteoMl.Serving;

/// <summary>
/// Reads a multipart <c>POST /predict</c>: the film in the <c>film</c> part, clinical values in form fields named as the
/// training CSV's columns. The film is written to a private scratch folder that leaves with the request. A DICOM film
/// is screened as <c>predict --dicom</c> and <c>pacs</c> screen it: eligibility first (an ineligible film is a 422
/// naming the reason code), age and sex from its header where the form leaves them out, and the image branch alone
/// at its own threshold when the model needs clinical values the request does not give.
/// </summary>
public sealed class FilmUpload : IDisposable
{
    public const string FilmField = "film";
    private readonly ScratchFolder _scratch = new("osteoml-serve-");

    private FilmUpload() { }

    public PredictionRequest Request { get; private set; } = null!;

    public static async Task<FilmUpload> ReadAsync(HttpRequest http, ServedModel served, CancellationToken cancel)
    {
        var form = await http.ReadFormAsync(cancel);
        var film =
            form.Files.GetFile(FilmField)
            ?? throw new BadRequestException(FilmField, "no `film` part: upload the film as multipart/form-data.");
        var expected = served.Model.ExpectedClinicalColumns;
        var upload = new FilmUpload();
        try
        {
            string path = Path.Combine(upload._scratch.Path, "film");
            await using (var target = File.Create(path))
            {
                await film.CopyToAsync(target, cancel);
            }
            var warnings = form
                .Keys.Where(k => k != JsonRequest.IdField && !expected.ContainsKey(k))
                .Select(k => $"{k}: not an input of this model; ignored.");
            string id = form[JsonRequest.IdField].ToString();
            var request = new PredictionRequest
            {
                PatientId = id.Length > 0 ? id : null,
                ImageName = Path.GetFileName(film.FileName),
                Values = form
                    .Keys.Where(expected.ContainsKey)
                    .ToDictionary(k => k, k => form[k].ToString(), StringComparer.Ordinal),
                Warnings = [.. warnings],
            };
            upload.Request = upload.Screen(path, request, served);
            return upload;
        }
        catch
        {
            upload.Dispose();
            throw;
        }
    }

    private PredictionRequest Screen(string path, PredictionRequest request, ServedModel served)
    {
        var warnings = request.Warnings.Concat(JsonRequest.UnseenCategories(request.Values, served.Card)).ToList();
        if (!RadiographFile.IsDicom(path))
        {
            return request with { LoadablePath = JsonRequest.Loadable(path, Cache), Warnings = warnings };
        }
        var header = JsonRequest.ReadHeader(path);
        var eligibility = EligibilityCheck.Check(header, served.Card.Eligibility ?? EligibilityRules.Default);
        if (!eligibility.IsEligible)
        {
            throw new BadRequestException(
                FilmField,
                $"ineligible film ({eligibility.Code}): {eligibility.Reason}",
                422
            );
        }
        var fromHeader = HeaderDemographics.Values(header, served.Model.ExpectedClinicalColumns);
        warnings.AddRange(HeaderDemographics.Disagreements(FilmField, fromHeader, request.Values));
        return request with
        {
            Header = header,
            LoadablePath = JsonRequest.Loadable(path, Cache),
            Values = JsonRequest.Merge(fromHeader, request.Values),
            Warnings = warnings,
        };
    }

    private string Cache => Path.Combine(_scratch.Path, "rendered");

    public void Dispose() => _scratch.Dispose();
}
