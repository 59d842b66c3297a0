using System.Diagnostics;
using OsteoMl.Pacs;

namespace OsteoMl.Tests.Pacs;

/// <summary>The client riding out an Orthanc that is down: retries with backoff, then success or a clear give-up.</summary>
public sealed class OrthancRestartTests : IDisposable
{
    private readonly OrthancServer _server = new();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task A_request_made_while_Orthanc_is_down_succeeds_once_it_is_back_on_the_same_port()
    {
        using OrthancClient client = _server.Client(onRetry: Record);
        OrthancUpload upload = await client.UploadAsync(PacsTestFiles.Radiograph().File);
        _server.Stop();

        Task<OrthancChangePage> changes = client.GetChangesAsync(since: 0, limit: 100);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(changes.IsCompleted);
        _server.Start();
        OrthancChangePage page = await changes.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains(page.Changes, c => c.IsNewInstance && c.Id == upload.Id); // the same storage
        Assert.NotEmpty(_retries);
        Assert.All(_retries, r => Assert.Equal("connection refused", r.Reason));
        Assert.Equal([.. Enumerable.Range(1, _retries.Count)], _retries.Select(r => r.Retry));
        Assert.Equal(TimeSpan.FromSeconds(0.5), _retries[0].Delay);
        Assert.StartsWith("Orthanc unreachable (connection refused) on GET /changes?since=0", _retries[0].ToString());
    }

    [Fact]
    public async Task A_request_gives_up_with_a_PacsException_once_the_deadline_has_passed()
    {
        var policy = new OrthancRetryPolicy
        {
            InitialDelay = TimeSpan.FromMilliseconds(100),
            Deadline = TimeSpan.FromSeconds(1),
        };
        using OrthancClient client = _server.Client(policy, Record);
        _server.Stop();
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<PacsException>(() => client.GetSystemAsync());

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.6), TimeSpan.FromSeconds(5));
        Assert.Null(e.StatusCode);
        Assert.Contains("connection refused", e.Message);
        Assert.Contains("GET /system", e.Message);
        Assert.InRange(_retries.Count, 2, 4); // 0.1 + 0.2 + 0.4 s within the second
    }

    [Fact]
    public async Task Cancellation_stops_the_retries()
    {
        using OrthancClient client = _server.Client(onRetry: Record);
        _server.Stop();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetSystemAsync(cancel.Token));
    }

    [Fact]
    public void The_backoff_doubles_from_half_a_second_to_a_ten_second_cap()
    {
        var policy = new OrthancRetryPolicy();

        double[] seconds = [.. Enumerable.Range(1, 7).Select(retry => policy.DelayBefore(retry).TotalSeconds)];

        Assert.Equal([0.5, 1, 2, 4, 8, 10, 10], seconds);
    }

    private readonly List<OrthancRetry> _retries = [];

    private void Record(OrthancRetry retry)
    {
        lock (_retries)
            _retries.Add(retry);
    }
}
