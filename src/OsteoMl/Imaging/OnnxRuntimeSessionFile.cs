namespace OsteoMl.Imaging;

/// <summary>
/// ONNX Runtime's logging client writes a small session file, <c>.ses</c>, into the temp folder of every process that
/// creates its environment, and never removes it. Held for the life of a process: if the file was not there when
/// the process started, it is removed when the guard is disposed, so that the temp folder is left as it was found.
/// </summary>
public sealed class OnnxRuntimeSessionFile : IDisposable
{
    public const string FileName = ".ses";

    private readonly string _path = Path.Combine(Path.GetTempPath(), FileName);
    private readonly bool _existed;

    public OnnxRuntimeSessionFile() => _existed = File.Exists(_path);

    public void Dispose()
    {
        if (_existed)
        {
            return;
        }
        try
        {
            File.Delete(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another process may hold it; it is recreated on demand and harmless.
        }
    }
}
