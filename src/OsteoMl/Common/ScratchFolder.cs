namespace OsteoMl.Common;

/// <summary>
/// A private folder under the temp folder (<c>&lt;prefix&gt;&lt;guid&gt;</c>), removed with everything in it on
/// dispose, so that whatever a library writes there leaves with the work that needed it.
/// </summary>
public sealed class ScratchFolder : IDisposable
{
    public ScratchFolder(string prefix)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file still open elsewhere (Windows) stays behind; never fail the run over a temp folder.
        }
    }
}
