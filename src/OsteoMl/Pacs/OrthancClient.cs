using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using OsteoMl.Dicom;

namespace OsteoMl.Pacs;

/// <summary>
/// The Orthanc REST calls the PACS worker needs: the change feed, an instance's file in an uncompressed transfer
/// syntax, upload and lookup. Transient failures (Orthanc restarting: connection refused or reset, a timeout, a
/// 5xx) are retried as <see cref="OrthancRetryPolicy"/> says; a 4xx becomes a <see cref="PacsException"/> at once.
/// </summary>
public sealed class OrthancClient : IDisposable
{
    private static readonly HashSet<string> Uncompressed =
    [
        TransferSyntaxes.ImplicitLittleEndian,
        TransferSyntaxes.ExplicitLittleEndian,
    ];

    private readonly HttpClient _http;
    private readonly OrthancRetryPolicy _retry;
    private readonly Action<OrthancRetry>? _onRetry;

    /// <param name="baseUrl">Orthanc's root, e.g. <c>http://127.0.0.1:8042/</c> (a path prefix behind a reverse
    /// proxy is kept); without credentials in it.</param>
    /// <param name="onRetry">Told before each retry, for the caller's log.</param>
    public OrthancClient(
        Uri baseUrl,
        PacsCredentials? credentials = null,
        OrthancRetryPolicy? retry = null,
        Action<OrthancRetry>? onRetry = null
    )
    {
        if (!string.IsNullOrEmpty(baseUrl.UserInfo))
            throw new ArgumentException(
                "the PACS URL must not carry credentials; use PacsCredentials",
                nameof(baseUrl)
            );
        _retry = retry ?? new OrthancRetryPolicy();
        _onRetry = onRetry;
        // The per-attempt limit is the retry policy's, so HttpClient's own timeout is off.
        _http = new HttpClient { BaseAddress = WithTrailingSlash(baseUrl), Timeout = Timeout.InfiniteTimeSpan };
        if (credentials is not null)
            _http.DefaultRequestHeaders.Authorization = BasicAuthorization(credentials);
    }

    public Uri BaseUrl => _http.BaseAddress!;

    public async Task<OrthancSystem> GetSystemAsync(CancellationToken ct = default)
    {
        using JsonDocument json = await GetJsonAsync("system", ct);
        JsonElement root = json.RootElement;
        return new OrthancSystem(
            root.GetProperty("Name").GetString() ?? "",
            root.GetProperty("Version").GetString() ?? "",
            root.GetProperty("ApiVersion").GetInt32()
        );
    }

    /// <summary>Up to <paramref name="limit"/> changes after feed position <paramref name="since"/>.</summary>
    public async Task<OrthancChangePage> GetChangesAsync(long since, int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(since);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        using JsonDocument json = await GetJsonAsync($"changes?since={since}&limit={limit}", ct);
        return ParseChangePage(json.RootElement);
    }

    /// <summary>The feed position of the newest change (0 on an empty server): a worker that starts "from now"
    /// passes it as <c>since</c>.</summary>
    public async Task<long> GetLastChangeSeqAsync(CancellationToken ct = default)
    {
        using JsonDocument json = await GetJsonAsync("changes?last", ct);
        return json.RootElement.GetProperty("Last").GetInt64();
    }

    /// <summary>The transfer syntax UID the instance is stored in.</summary>
    public async Task<string> GetInstanceTransferSyntaxAsync(string orthancId, CancellationToken ct = default)
    {
        string path = $"instances/{Escape(orthancId)}/metadata/TransferSyntax";
        string syntax = await SendAsync(HttpMethod.Get, path, null, (c, t) => c.ReadAsStringAsync(t), ct);
        return syntax.Trim();
    }

    /// <summary>
    /// The instance as a DICOM Part-10 file in an uncompressed transfer syntax: as stored when it already is
    /// (implicit or explicit VR little endian), otherwise transcoded by Orthanc to explicit VR little endian with
    /// the original Study, Series and SOP Instance UIDs.
    /// </summary>
    public async Task<byte[]> GetInstanceFileAsync(string orthancId, CancellationToken ct = default)
    {
        string syntax = await GetInstanceTransferSyntaxAsync(orthancId, ct);
        if (Uncompressed.Contains(syntax))
            return await GetBytesAsync($"instances/{Escape(orthancId)}/file", ct);
        return await GetTranscodedInstanceFileAsync(orthancId, TransferSyntaxes.ExplicitLittleEndian, ct);
    }

    public async Task<OrthancUpload> UploadAsync(byte[] dicom, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dicom);
        using JsonDocument json = await SendJsonAsync(HttpMethod.Post, "instances", () => DicomContent(dicom), ct);
        JsonElement root = json.RootElement;
        return new OrthancUpload(
            root.GetProperty("ID").GetString()!,
            root.GetProperty("Status").GetString() == "AlreadyStored"
        );
    }

    /// <summary>The Orthanc identifier of the instance with this SOP Instance UID, or null when there is none.</summary>
    public async Task<string?> FindInstanceBySopInstanceUidAsync(string sopInstanceUid, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sopInstanceUid);
        // /tools/lookup matches the UID exactly (no wildcards) at every level; only an instance answers here.
        using JsonDocument json = await SendJsonAsync(HttpMethod.Post, "tools/lookup", () => Text(sopInstanceUid), ct);
        foreach (JsonElement match in json.RootElement.EnumerateArray())
        {
            if (match.GetProperty("Type").GetString() == "Instance")
                return match.GetProperty("ID").GetString();
        }
        return null;
    }

    /// <summary>
    /// The instance transcoded by Orthanc into <paramref name="transferSyntax"/>, UIDs kept. Done through an
    /// asynchronous archive job on purpose: Orthanc 1.10 runs a synchronous transcoding (<c>/modify</c> with
    /// <c>Transcode</c>, WADO-RS with a transfer-syntax) on an HTTP worker thread, whose 100 KiB stack Debian's
    /// GDCM plugin overflows (a segfault of the whole server, one request in a few); a job runs on a jobs-engine
    /// thread with a full-size stack. An archive also leaves the UIDs alone, where <c>/modify</c> makes new ones.
    /// </summary>
    internal async Task<byte[]> GetTranscodedInstanceFileAsync(
        string orthancId,
        string transferSyntax,
        CancellationToken ct = default
    )
    {
        // A job lives in Orthanc's memory: when Orthanc restarts while it runs, the job is gone (404) and is
        // submitted again.
        const int submissions = 3;
        for (int submission = 1; ; submission++)
        {
            string job = await SubmitArchiveJobAsync(orthancId, transferSyntax, ct);
            try
            {
                await WaitForJobAsync(job, ct);
                byte[] zip = await GetBytesAsync($"jobs/{Escape(job)}/archive", ct);
                return SingleFileOf(zip, $"/jobs/{job}/archive");
            }
            catch (PacsException e) when (e.StatusCode == 404 && submission < submissions) { }
        }
    }

    /// <summary>Deletes an instance (tests use it to replace a file by its transcoded copy).</summary>
    internal Task DeleteInstanceAsync(string orthancId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"instances/{Escape(orthancId)}", null, (c, t) => c.ReadAsStringAsync(t), ct);

    public void Dispose() => _http.Dispose();

    private async Task<string> SubmitArchiveJobAsync(string orthancId, string transferSyntax, CancellationToken ct)
    {
        string body = JsonSerializer.Serialize(
            new Dictionary<string, object>
            {
                ["Resources"] = new[] { orthancId },
                ["Transcode"] = transferSyntax,
                ["Asynchronous"] = true,
            }
        );
        using JsonDocument json = await SendJsonAsync(HttpMethod.Post, "tools/create-archive", () => Json(body), ct);
        return json.RootElement.GetProperty("ID").GetString()!;
    }

    private async Task WaitForJobAsync(string job, CancellationToken ct)
    {
        var pause = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            using JsonDocument json = await GetJsonAsync($"jobs/{Escape(job)}", ct);
            string? state = json.RootElement.GetProperty("State").GetString();
            if (state == "Success")
                return;
            if (state == "Failure")
                throw JobFailure(job, json.RootElement);
            await Task.Delay(pause, ct);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 500));
        }
    }

    private static PacsException JobFailure(string job, JsonElement status)
    {
        string description = status.TryGetProperty("ErrorDescription", out JsonElement e) ? e.GetString() ?? "" : "";
        return new PacsException(
            $"Orthanc could not transcode the instance (job {job}: {description})",
            $"/jobs/{job}",
            200
        );
    }

    private static byte[] SingleFileOf(byte[] zip, string requestPath)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        ZipArchiveEntry[] files = [.. archive.Entries.Where(entry => !entry.FullName.EndsWith('/'))];
        if (files.Length != 1)
            throw new PacsException($"Orthanc's archive held {files.Length} files, not 1", requestPath, 200);
        using Stream stream = files[0].Open();
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    private static OrthancChangePage ParseChangePage(JsonElement root)
    {
        var changes = new List<OrthancChange>();
        foreach (JsonElement change in root.GetProperty("Changes").EnumerateArray())
        {
            changes.Add(
                new OrthancChange(
                    change.GetProperty("Seq").GetInt64(),
                    change.GetProperty("ChangeType").GetString() ?? "",
                    change.GetProperty("ResourceType").GetString() ?? "",
                    change.GetProperty("ID").GetString() ?? ""
                )
            );
        }
        return new OrthancChangePage(
            changes,
            root.GetProperty("Done").GetBoolean(),
            root.GetProperty("Last").GetInt64()
        );
    }

    private Task<JsonDocument> GetJsonAsync(string path, CancellationToken ct) =>
        SendJsonAsync(HttpMethod.Get, path, null, ct);

    private Task<byte[]> GetBytesAsync(string path, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, path, null, (c, t) => c.ReadAsByteArrayAsync(t), ct);

    private Task<JsonDocument> SendJsonAsync(
        HttpMethod method,
        string path,
        Func<HttpContent>? content,
        CancellationToken ct
    ) => SendAsync(method, path, content, async (c, t) => JsonDocument.Parse(await c.ReadAsByteArrayAsync(t)), ct);

    /// <summary>
    /// One request with retries: the content is built afresh for each attempt, and the answer is read inside the
    /// attempt so that a connection dropped mid-body is retried too.
    /// </summary>
    private async Task<T> SendAsync<T>(
        HttpMethod method,
        string path,
        Func<HttpContent>? content,
        Func<HttpContent, CancellationToken, Task<T>> read,
        CancellationToken ct
    )
    {
        string request = $"{method} /{path}";
        var clock = Stopwatch.StartNew();
        for (int retry = 1; ; retry++)
        {
            Attempt<T> attempt = await TryOnceAsync(method, path, content, read, ct);
            if (attempt.Succeeded)
                return attempt.Value!;
            TimeSpan delay = _retry.DelayBefore(retry);
            if (_retry.Deadline != Timeout.InfiniteTimeSpan && clock.Elapsed + delay > _retry.Deadline)
                throw GaveUp(request, path, attempt);
            _onRetry?.Invoke(new OrthancRetry(attempt.Reason!, request, retry, delay));
            await Task.Delay(delay, ct);
        }
    }

    private async Task<Attempt<T>> TryOnceAsync<T>(
        HttpMethod method,
        string path,
        Func<HttpContent>? content,
        Func<HttpContent, CancellationToken, Task<T>> read,
        CancellationToken ct
    )
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(_retry.RequestTimeout);
        try
        {
            using var message = new HttpRequestMessage(method, path) { Content = content?.Invoke() };
            using HttpResponseMessage response = await _http.SendAsync(
                message,
                HttpCompletionOption.ResponseHeadersRead,
                limit.Token
            );
            int status = (int)response.StatusCode;
            if (status >= 500)
                return Attempt<T>.Failed($"HTTP {status}", status, null);
            if (!response.IsSuccessStatusCode)
                throw await RefusalAsync(method, path, response, limit.Token);
            return Attempt<T>.Success(await read(response.Content, limit.Token));
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            return Attempt<T>.Failed("timed out", null, e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return Attempt<T>.Failed(Describe(e), null, e);
        }
    }

    /// <summary>A 4xx: not worth retrying. Orthanc's own "Message" is one of its fixed error names, so it may be
    /// shown; its "Details" may quote the request and is left out.</summary>
    private static async Task<PacsException> RefusalAsync(
        HttpMethod method,
        string path,
        HttpResponseMessage response,
        CancellationToken ct
    )
    {
        int status = (int)response.StatusCode;
        string orthancMessage = await OrthancMessageAsync(response, ct);
        string hint = status switch
        {
            401 => " (wrong or missing PACS user and password)",
            403 => " (the PACS user may not do this)",
            404 => " (no such resource)",
            _ => "",
        };
        string message = $"Orthanc answered {status} {response.ReasonPhrase} to {method} /{path}{hint}{orthancMessage}";
        return new PacsException(message, "/" + path, status);
    }

    private static async Task<string> OrthancMessageAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            using JsonDocument json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct));
            return json.RootElement.TryGetProperty("Message", out JsonElement m) ? $": {m.GetString()}" : "";
        }
        catch (Exception e) when (e is JsonException or HttpRequestException or IOException)
        {
            return "";
        }
    }

    private PacsException GaveUp<T>(string request, string path, Attempt<T> attempt) =>
        new(
            $"Orthanc at {BaseUrl.GetLeftPart(UriPartial.Authority)} did not answer {request} within "
                + $"{_retry.Deadline.TotalSeconds:0.#} s (last: {attempt.Reason})",
            "/" + path,
            attempt.Status,
            attempt.Failure
        );

    private static string Describe(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.ConnectionReset => "connection reset",
                    SocketError.TimedOut => "connect timed out",
                    _ => socket.SocketErrorCode.ToString(),
                };
            }
        }
        return e is HttpRequestException http ? $"connection error: {http.HttpRequestError}" : "connection lost";
    }

    private static Uri WithTrailingSlash(Uri url) =>
        url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");

    private static AuthenticationHeaderValue BasicAuthorization(PacsCredentials credentials) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.User}:{credentials.Password}")));

    private static string Escape(string orthancId) => Uri.EscapeDataString(orthancId);

    private static ByteArrayContent DicomContent(byte[] dicom)
    {
        var content = new ByteArrayContent(dicom);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
        return content;
    }

    private static StringContent Text(string text) => new(text, Encoding.ASCII, "text/plain");

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private readonly record struct Attempt<T>(bool Succeeded, T? Value, string? Reason, int? Status, Exception? Failure)
    {
        public static Attempt<T> Success(T value) => new(true, value, null, null, null);

        public static Attempt<T> Failed(string reason, int? status, Exception? failure) =>
            new(false, default, reason, status, failure);
    }
}
