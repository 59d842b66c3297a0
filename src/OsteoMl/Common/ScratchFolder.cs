namespace OsteoMl.Common;

/// <summary>
/// A private folder under the temp folder (<c>&lt;prefix&gt;&lt;guid&gt;</c>), removed with everything in it on
/// dispose, so that whatever a library writes there leaves with the work that needed it. A process killed outright
/// (SIGKILL, out of memory, power) cannot remove it, so every new scratch folder first sweeps the abandoned ones.
/// </summary>
/// <remarks>
/// Liveness is an OS lock, not a process id: the owner holds <see cref="OwnerFile"/> open with FileShare.None (an
/// advisory lock, as <see cref="OutputLock"/> uses) for the folder's whole life, and the kernel releases it when the
/// process dies however it dies. A sweep that can take the lock therefore knows the owner is gone; a recorded process
/// id could have been reused by an unrelated process (keeping junk forever), and comparing process start times is
/// platform-specific and racy. A folder without the file (being created this instant, or made by an older version)
/// is never touched.
/// </remarks>
public sealed class ScratchFolder : IDisposable
{
    /// <summary>The lock file inside every scratch folder; held open by the owning process.</summary>
    public const string OwnerFile = ".owner.lock";

    private const string Pattern = "osteoml-*";
    private readonly FileStream _owner;

    public ScratchFolder(string prefix)
    {
        string parent = System.IO.Path.GetTempPath();
        SweepStale(parent);
        Path = System.IO.Path.Combine(parent, $"{prefix}{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
        _owner = new FileStream(
            System.IO.Path.Combine(Path, OwnerFile),
            FileMode.CreateNew,
            FileAccess.ReadWrite,
            FileShare.None
        );
    }

    public string Path { get; }

    public void Dispose()
    {
        _owner.Dispose();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file still open elsewhere (Windows) stays behind; never fail the run over a temp folder.
        }
    }

    /// <summary>
    /// Deletes the scratch folders under <paramref name="parent"/> whose owner process has died; folders of live
    /// processes (their lock cannot be taken) and of other users (no permission) are left alone.
    /// </summary>
    public static void SweepStale(string parent)
    {
        if (FileLockingDisabled())
        {
            return; // without the OS lock a live folder would look abandoned
        }
        string[] folders;
        try
        {
            folders = Directory.GetDirectories(parent, Pattern);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (string folder in folders)
        {
            DeleteIfAbandoned(folder);
        }
    }

    private static void DeleteIfAbandoned(string folder)
    {
        string owner = System.IO.Path.Combine(folder, OwnerFile);
        try
        {
            // Open, not create: no lock file means "not ours to judge". Failing to lock means the owner lives.
            using (var claim = new FileStream(owner, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                // The lock file goes last, so a sweep that fails half-way leaves a folder the next one retries.
                foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
                {
                    if (entry.Name != OwnerFile)
                    {
                        Delete(entry);
                    }
                }
            }
            File.Delete(owner);
            Directory.Delete(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Alive, gone already (another sweep), or not ours: leave it.
        }
    }

    private static void Delete(FileSystemInfo entry)
    {
        if (entry is DirectoryInfo directory)
        {
            directory.Delete(recursive: true);
        }
        else
        {
            entry.Delete();
        }
    }

    /// <summary>.NET's switch that turns FileShare.None into no lock at all on Unix.</summary>
    private static bool FileLockingDisabled() =>
        (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out bool disabled) && disabled)
        || Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING") is "1" or "true";
}
