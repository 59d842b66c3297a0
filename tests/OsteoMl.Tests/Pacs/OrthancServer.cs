using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using OsteoMl.Pacs;

namespace OsteoMl.Tests.Pacs;

/// <summary>
/// A real Orthanc (Debian's package, with its DICOMweb and GDCM plugins) on free loopback ports, with its storage in
/// a temp folder and an optional basic-auth user. <see cref="Stop"/> and <see cref="Start"/> restart it on the same
/// ports and storage; <see cref="Dispose"/> kills it and deletes the folder, also when the constructor fails.
/// </summary>
internal sealed class OrthancServer : IDisposable
{
    public const string Executable = "/usr/sbin/Orthanc";
    private const string PluginFolder = "/usr/share/orthanc/plugins";
    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(20);
    private const int LogLinesKept = 40;

    private readonly TempFolder _folder = new();
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    /// <param name="user">The basic-auth user, or null for a server without authentication.</param>
    public OrthancServer(string? user = "osteoml", string password = "s3cret-Pa55word")
    {
        try
        {
            RequireInstalled();
            User = user;
            Password = user is null ? null : password;
            HttpPort = FreeLoopbackPort();
            DicomPort = FreeLoopbackPort();
            File.WriteAllText(ConfigPath, ConfigJson());
            Start();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int HttpPort { get; }
    public int DicomPort { get; }
    public string? User { get; }
    public string? Password { get; }
    public Uri Url => new($"http://127.0.0.1:{HttpPort}/");
    public PacsCredentials? Credentials => User is null ? null : new PacsCredentials(User, Password!);

    private string ConfigPath => _folder.File("orthanc.json");

    public OrthancClient Client(OrthancRetryPolicy? retry = null, Action<OrthancRetry>? onRetry = null) =>
        new(Url, Credentials, retry, onRetry);

    /// <summary>Starts Orthanc and waits until <c>/system</c> answers.</summary>
    public void Start()
    {
        if (_process is not null)
            throw new InvalidOperationException("Orthanc is already running");
        _log.Clear();
        _process = Launch();
        WaitUntilAnswering(_process);
    }

    /// <summary>Kills Orthanc (as a crash would: no clean shutdown) and waits until it has exited.</summary>
    public void Stop()
    {
        Process? process = Interlocked.Exchange(ref _process, null);
        if (process is null)
            return;
        try
        {
            if (!process.HasExited)
                process.Kill();
            process.WaitForExit();
        }
        catch (InvalidOperationException) { } // never started
        finally
        {
            process.Dispose();
        }
    }

    public void Dispose()
    {
        Stop();
        _folder.Dispose();
    }

    /// <summary>Orthanc's last log lines (it logs to stderr), for a failure message.</summary>
    public string LogTail => string.Join('\n', _log);

    private static void RequireInstalled()
    {
        string? missing = new[]
        {
            Executable,
            Plugin("libOrthancDicomWeb.so"),
            Plugin("libOrthancGdcm.so"),
        }.FirstOrDefault(path => !File.Exists(path));
        if (missing is not null)
            throw new InvalidOperationException(
                $"{missing} is missing: the PACS tests need a real Orthanc. Install the Debian packages "
                    + "orthanc orthanc-dicomweb orthanc-gdcm dcmtk (CI's .ci/run does: apt-get install -y "
                    + "--no-install-recommends orthanc orthanc-dicomweb orthanc-gdcm dcmtk)."
            );
    }

    private static string Plugin(string file) => Path.Combine(PluginFolder, file);

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private string ConfigJson()
    {
        string storage = Directory.CreateDirectory(_folder.File("storage")).FullName;
        string index = Directory.CreateDirectory(_folder.File("index")).FullName;
        var config = new Dictionary<string, object>
        {
            ["Name"] = "osteoml-tests",
            ["HttpPort"] = HttpPort,
            ["DicomPort"] = DicomPort,
            ["StorageDirectory"] = storage,
            ["IndexDirectory"] = index,
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = User is not null,
            ["RegisteredUsers"] = User is null ? new Dictionary<string, string>() : new() { [User] = Password! },
            ["Plugins"] = new[] { Plugin("libOrthancDicomWeb.so"), Plugin("libOrthancGdcm.so") },
            ["StableAge"] = 2,
        };
        return JsonSerializer.Serialize(config, new JsonSerializerOptions { WriteIndented = true });
    }

    private Process Launch()
    {
        var start = new ProcessStartInfo(Executable, [ConfigPath])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = _folder.Path,
        };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Remember(string? line)
    {
        if (line is null)
            return;
        _log.Enqueue(line);
        while (_log.Count > LogLinesKept)
            _log.TryDequeue(out _);
    }

    private void WaitUntilAnswering(Process process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        if (User is not null)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"))
            );
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartupLimit)
        {
            if (process.HasExited)
                throw StartFailure($"Orthanc exited with code {process.ExitCode}");
            if (Answers(http))
                return;
            Thread.Sleep(50);
        }
        throw StartFailure($"Orthanc did not answer /system within {StartupLimit.TotalSeconds} s");
    }

    private bool Answers(HttpClient http)
    {
        try
        {
            using HttpResponseMessage response = http.GetAsync(new Uri(Url, "system")).GetAwaiter().GetResult();
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private InvalidOperationException StartFailure(string what)
    {
        Stop();
        return new InvalidOperationException($"{what} (port {HttpPort}); its last log lines:\n{LogTail}");
    }
}
