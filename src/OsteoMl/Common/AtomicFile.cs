namespace OsteoMl.Common;

/// <summary>Replaces a file only with a complete new one: write a temp file in the same folder, then rename.</summary>
public static class AtomicFile
{
    /// <summary>
    /// Calls <paramref name="write"/> with a temporary path, then moves that file over <paramref name="path"/>.
    /// </summary>
    public static void Write(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath)!;
        string temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.tmp");
        try
        {
            Directory.CreateDirectory(folder);
            write(temporary);
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Disk full, read-only folder, permission: the old file was never touched.
            throw new OutputException($"cannot write the file ({e.Message}); any previous version is unchanged.", path);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
