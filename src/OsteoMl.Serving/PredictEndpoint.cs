using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OsteoMl.Serving;

/// <summary>
/// <c>POST /predict</c>: a JSON row or a multipart film upload in, a <see cref="PredictionAnswer"/> out. The request
/// holds a lease on the model it started with, so a hot reload meanwhile never fails it. The time limit covers reading
/// the body and waiting for a scoring slot; a film's scoring, once started, runs to its end (tens of milliseconds)
/// because abandoning it would free the model and the film under native code still reading them.
/// </summary>
internal static class PredictEndpoint
{
    public static async Task<IResult> HandleAsync(
        HttpContext http,
        ModelHost host,
        RequestScorer scorer,
        ServeOptions options,
        ServiceMetrics metrics
    )
    {
        if (http.Request.ContentLength > options.MaxRequestBytes)
        {
            return Problem(
                StatusCodes.Status413PayloadTooLarge,
                "body",
                $"larger than {options.MaxRequestBytes} bytes."
            );
        }
        using var lease = host.Acquire();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        limit.CancelAfter(options.RequestTimeout);
        try
        {
            var answer = await ScoreAsync(http, lease.Model, scorer, options, limit.Token);
            metrics.Prediction(answer);
            return Results.Json(answer, ServeApp.Json);
        }
        catch (BadRequestException e)
        {
            return Problem(e.Status, e.Field, e.Message);
        }
        catch (JsonException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "body", $"not JSON: {e.Message}");
        }
        catch (BadHttpRequestException e)
        {
            return Problem(e.StatusCode, "body", e.Message);
        }
        catch (InvalidDataException e)
        {
            // Form limits (part too large, too many parts).
            return Problem(StatusCodes.Status413PayloadTooLarge, "body", e.Message);
        }
        catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
        {
            return Problem(
                StatusCodes.Status504GatewayTimeout,
                "request",
                $"not scored within {options.RequestTimeout}."
            );
        }
    }

    private static async Task<PredictionAnswer> ScoreAsync(
        HttpContext http,
        ServedModel served,
        RequestScorer scorer,
        ServeOptions options,
        CancellationToken cancel
    )
    {
        if (http.Request.HasFormContentType)
        {
            using var upload = await FilmUpload.ReadAsync(http.Request, served, cancel);
            return await scorer.ScoreAsync(upload.Request, served, cancel);
        }
        using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: cancel);
        var request = JsonRequest.Parse(body.RootElement, served, options.ImagesFolder);
        return await scorer.ScoreAsync(request, served, cancel);
    }

    private static IResult Problem(int status, string field, string detail) =>
        Results.Problem(
            statusCode: status,
            title: $"cannot score: {field}",
            detail: detail,
            extensions: new Dictionary<string, object?> { ["field"] = field }
        );
}
