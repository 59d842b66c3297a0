namespace OsteoMl.Common;

/// <summary>
/// An exclusive lock on an output path (<c>&lt;path&gt;.lock</c>, removed on release), so two runs writing the same
/// model fail fast with a clear message instead of racing. .NET takes an OS advisory lock for FileShare.None.
/// </summary>
public sealed class OutputLock : IDisposable
{
    private readonly FileStream _stream;

    private OutputLock(FileStream stream) => _stream = stream;

    public static OutputLock Acquire(string outputPath)
    {
        string lockPath = Path.GetFullPath(outputPath) + ".lock";
        // First the true reason when the folder cannot be written at all (read-only, not a folder, no permission).
        OutputFolder.EnsureWritableFile(outputPath, "--out");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"cannot create the output folder ({e.Message}).", outputPath);
        }
        try
        {
            return new OutputLock(
                new FileStream(
                    lockPath,
                    FileMode.OpenOrCreate,
                    FileAccess.ReadWrite,
                    FileShare.None,
                    1,
                    FileOptions.DeleteOnClose
                )
            );
        }
        catch (IOException)
        {
            throw new OutputException(
                "another OsteoMl run is writing this model right now; wait for it or choose another --out.",
                outputPath
            );
        }
    }

    public void Dispose() => _stream.Dispose();
}
