namespace OsteoMl.Common;

/// <summary>
/// Checks, before any work starts, that an output can be written where the user asked: a probe file is written and
/// removed in the deepest folder of the path that exists (so the check itself creates nothing). A failure is an
/// <see cref="OutputException"/> with the operating system's reason and the option to change, instead of an error
/// after minutes of training or scoring.
/// </summary>
public static class OutputFolder
{
    /// <summary>A folder that will receive outputs (<c>--runs</c>, <c>generate --out</c>, <c>--report</c>).</summary>
    public static void EnsureWritable(string folder, string option)
    {
        // Probe the deepest folder that exists, so that the check itself creates nothing.
        string existing = Path.GetFullPath(folder);
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing))
            {
                throw new OutputException($"{option}: '{existing}' is a file, not a folder.", folder);
            }
            existing = Path.GetDirectoryName(existing) ?? existing;
        }
        try
        {
            string probe = Path.Combine(existing, $".osteoml-write-test-{Guid.NewGuid():N}");
            using (
                new FileStream(
                    probe,
                    FileMode.CreateNew,
                    FileAccess.Write,
                    FileShare.None,
                    1,
                    FileOptions.DeleteOnClose
                )
            ) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"cannot write in {existing} ({e.Message}); choose another {option}.", folder);
        }
    }

    /// <summary>
    /// A file that will be written (<c>train --out</c>, <c>predict --out</c>): not a folder, and its folder writable.
    /// </summary>
    public static void EnsureWritableFile(string file, string option)
    {
        if (Directory.Exists(file))
        {
            throw new OutputException($"{option} names a folder; give a file name.", file);
        }
        string folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
        EnsureWritable(folder, option);
    }
}
