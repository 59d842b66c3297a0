using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OsteoMl.Common;
using OsteoMl.Serving;
using OsteoMl.Tests.Pacs;
using OsteoMl.Tests.Workflows;

namespace OsteoMl.Tests.Serving;

/// <summary><c>osteoml serve</c> in process: predict's answers over HTTP, the model's description, bad requests.</summary>
public sealed class ServeTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private ServeOptions Options => new() { ModelPath = fixture.ModelPath, ImagesFolder = fixture.CohortFolder };

    [Fact]
    public async Task A_json_row_gets_the_answer_predict_writes_for_it()
    {
        var reference = PredictReference.Of(fixture, fixture.ModelPath, fixture.Scratch("serve-json"));
        await using var service = await ServiceUnderTest.InProcessAsync(Options);

        for (int i = 0; i < 12; i++)
        {
            var answer = await service.PredictAsync(reference.Rows[i]);
            PredictReference.AssertSame(reference.Expected[i], answer);
            Assert.Equal("fused", answer.GetProperty("basis").GetString());
            Assert.Equal(FileHash.Sha256(fixture.ModelPath), answer.GetProperty("model_hash").GetString());
            Assert.Contains("Not for ruling out", answer.GetProperty("note").GetString());
        }
    }

    [Fact]
    public async Task Health_model_openapi_and_metrics_describe_the_served_zip()
    {
        var row = PredictReference.Of(fixture, fixture.ModelPath, fixture.Scratch("serve-metrics")).Rows[0];
        await using var service = await ServiceUnderTest.InProcessAsync(Options);
        string hash = FileHash.Sha256(fixture.ModelPath);
        await service.PredictAsync(row);

        var health = await service.Client.GetFromJsonAsync<JsonElement>("/health");
        var model = await service.Client.GetFromJsonAsync<JsonElement>("/model");
        string openApi = await service.Client.GetStringAsync("/openapi/v1.json");
        string metrics = await service.Client.GetStringAsync("/metrics");

        Assert.Equal(hash, health.GetProperty("model_hash").GetString());
        Assert.Equal(hash, model.GetProperty("hash").GetString());
        var inputs = model.GetProperty("schema").GetProperty("inputs").EnumerateArray();
        Assert.Contains(inputs, c => c.GetProperty("name").GetString() == "age");
        Assert.True(
            model.GetProperty("card").GetProperty("thresholds").GetProperty("fused").GetDouble() is > 0 and < 1
        );
        Assert.Contains("\"/predict\"", openApi);
        Assert.Contains($"osteoml_model_info{{hash=\"{hash}\"}} 1", metrics);
        Assert.Contains("osteoml_requests_total{endpoint=\"/health\",status=\"200\"} 1", metrics);
        // The drift window against the zip's training reference (one request: too few to test, never an alarm).
        Assert.Contains("osteoml_drift_rows 1", metrics);
        Assert.Contains("osteoml_drift_psi{subject=\"age\"}", metrics);
        Assert.DoesNotContain("osteoml_drift_alarm{subject=\"age\"} 1", metrics);
        // The request's film was projected on the network embedding's components (an empty window's PSI is NaN).
        Assert.Contains("osteoml_drift_psi{subject=\"embedding_pc1\"}", metrics);
        Assert.DoesNotContain("osteoml_drift_psi{subject=\"embedding_pc1\"} NaN", metrics);
    }

    [Theory]
    [InlineData("{\"image\": \"../cohort.csv\"}", "image", 400)]
    [InlineData("{\"image\": \"/etc/passwd\"}", "image", 400)]
    [InlineData("{\"image\": \"images/no-such-film.png\"}", "image", 400)]
    [InlineData("{\"age\": 70}", "image", 400)]
    [InlineData("{\"image\": \"images/x.png\", \"age\": [70]}", "age", 400)]
    [InlineData("[1, 2]", "$", 400)]
    [InlineData("{\"age\": ", "body", 400)]
    public async Task A_bad_request_is_a_problem_naming_the_field(string body, string field, int status)
    {
        await using var service = await ServiceUnderTest.InProcessAsync(Options);

        using var response = await service.Client.PostAsync(
            "/predict",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json")
        );
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Fields_the_model_does_not_use_and_unseen_categories_are_warnings_and_blanks_are_listed()
    {
        var row = PredictReference.Of(fixture, fixture.ModelPath, fixture.Scratch("serve-warn")).Rows[0];
        await using var service = await ServiceUnderTest.InProcessAsync(Options);

        var answer = await service.PredictAsync(
            new Dictionary<string, string?>(row)
            {
                ["favourite_colour"] = "blue",
                ["sex"] = "female",
                ["age"] = null,
            }
        );

        string[] warnings = [.. answer.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!)];
        Assert.Contains(warnings, w => w.StartsWith("favourite_colour: not an input", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("sex: value never seen", StringComparison.Ordinal));
        Assert.Contains("age", answer.GetProperty("missing").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task With_an_api_key_only_health_is_open()
    {
        await using var service = await ServiceUnderTest.InProcessAsync(Options with { ApiKey = "s3cret-key" });
        var row = PredictReference.Of(fixture, fixture.ModelPath, fixture.Scratch("serve-key")).Rows[0];

        using var refused = await service.Client.PostAsJsonAsync("/predict", row);
        using var health = await service.Client.GetAsync("/health");
        service.Client.DefaultRequestHeaders.Add("X-Api-Key", "s3cret-key");
        using var accepted = await service.Client.PostAsJsonAsync("/predict", row);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task An_uploaded_dicom_film_is_screened_as_predict_dicom_screens_it_and_leaves_no_file()
    {
        var reference = PredictReference.Of(fixture, fixture.ModelPath, fixture.Scratch("serve-dicom"));
        var films = ScreeningFilms.From(fixture, 2, "serve");
        string[] before = ServeScratch();
        await using var service = await ServiceUnderTest.InProcessAsync(Options);

        var answer = await Upload(service, films.Eligible[0].Dicom);
        using var ineligible = await UploadResponse(service, films.Ineligible["modality"].Dicom);

        // The header gives age and sex only; the fixture's model needs more, so the image branch decides alone.
        Assert.Equal("image-only", answer.GetProperty("basis").GetString());
        Assert.Equal(films.Eligible[0].SopUid, answer.GetProperty("sop_instance_uid").GetString());
        float expected = reference.Expected[0][0];
        Assert.Equal(expected, answer.GetProperty("p_image").GetSingle(), 1e-6f);
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("p_fused").ValueKind);
        Assert.Equal(422, (int)ineligible.StatusCode);
        Assert.Contains("(modality)", await ineligible.Content.ReadAsStringAsync());
        Assert.Equal(before, ServeScratch());
    }

    private static async Task<JsonElement> Upload(ServiceUnderTest service, byte[] dicom)
    {
        using var response = await UploadResponse(service, dicom);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static Task<HttpResponseMessage> UploadResponse(ServiceUnderTest service, byte[] dicom)
    {
        var film = new ByteArrayContent(dicom);
        film.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
        var form = new MultipartFormDataContent { { film, FilmUpload.FilmField, "film.dcm" } };
        return service.Client.PostAsync("/predict", form);
    }

    private static string[] ServeScratch() =>
        [.. Directory.GetDirectories(Path.GetTempPath(), "osteoml-serve-*").Order(StringComparer.Ordinal)];
}
