using Microsoft.Extensions.Logging;
using OsteoMl.Model;

namespace OsteoMl.Serving;

/// <summary>
/// The model the service answers with, and hot reload: <see cref="ReloadIfChanged"/> loads a replaced zip completely
/// before switching to it, so no request ever sees a half-loaded model, and requests that began on the old one finish
/// on it (it is disposed after the last). A zip that does not load (copied in place rather than renamed, or broken) is
/// logged once and the current model keeps serving.
/// </summary>
public sealed class ModelHost : IDisposable
{
    private readonly Lock _gate = new();
    private readonly ILogger _log;
    private ServedModel _current;
    private (long Length, DateTime Written) _seen;
    private (long Length, DateTime Written)? _failed;

    /// <exception cref="ModelFileException">The zip does not load at start (the service does not start).</exception>
    public ModelHost(string path, ILogger log)
    {
        Path = System.IO.Path.GetFullPath(path);
        _log = log;
        _seen = Signature();
        _current = ServedModel.Load(Path);
    }

    public string Path { get; }

    /// <summary>The hash of the model new requests get.</summary>
    public string CurrentHash => _current.Hash;

    /// <summary>Raised after a replaced zip has been switched to (old hash, new hash).</summary>
    public event Action<string, string>? Reloaded;

    /// <summary>Raised when a replaced zip could not be loaded (the old model keeps serving).</summary>
    public event Action? ReloadFailed;

    /// <summary>The current model, held until the lease is disposed.</summary>
    public ModelLease Acquire()
    {
        lock (_gate)
        {
            _current.Lease();
            return new ModelLease(this, _current);
        }
    }

    internal void Release(ServedModel model)
    {
        bool dispose;
        lock (_gate)
        {
            dispose = model.Release();
        }
        if (dispose)
        {
            model.Model.Dispose();
        }
    }

    /// <summary>Loads the zip again when its size or time changed; returns true when the service switched models.</summary>
    public bool ReloadIfChanged()
    {
        var signature = Signature();
        if (signature == _seen || signature == _failed)
        {
            return false;
        }
        ServedModel loaded;
        try
        {
            loaded = ServedModel.Load(Path);
        }
        catch (Exception e) when (e is ModelFileException or IOException or UnauthorizedAccessException)
        {
            _failed = signature;
            _log.LogError("model reload failed, still serving the previous model: {Reason}", e.Message);
            ReloadFailed?.Invoke();
            return false;
        }
        _seen = signature;
        _failed = null;
        return Switch(loaded);
    }

    private bool Switch(ServedModel loaded)
    {
        ServedModel old;
        bool disposeOld;
        lock (_gate)
        {
            old = _current;
            if (old.Hash == loaded.Hash)
            {
                // Touched, not changed: keep the warm one.
                loaded.Model.Dispose();
                return false;
            }
            _current = loaded;
            disposeOld = old.Retire();
        }
        if (disposeOld)
        {
            old.Model.Dispose();
        }
        _log.LogInformation("model reloaded: {Old} -> {New}", old.Hash, loaded.Hash);
        Reloaded?.Invoke(old.Hash, loaded.Hash);
        return true;
    }

    private (long, DateTime) Signature()
    {
        var info = new FileInfo(Path);
        return info.Exists ? (info.Length, info.LastWriteTimeUtc) : (-1, default);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_current.Retire())
            {
                _current.Model.Dispose();
            }
        }
    }
}
