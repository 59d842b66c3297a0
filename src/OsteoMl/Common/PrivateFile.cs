namespace OsteoMl.Common;

/// <summary>
/// Files that hold a secret (a PACS password, the service's API key). Like ssh with a private key, a file that group or
/// others may read or write is refused on Unix: the secret would be exposed to them.
/// </summary>
public static class PrivateFile
{
    /// <exception cref="UserInputException">The file is missing or other users may access it.</exception>
    public static void RefuseShared(string path, string secret)
    {
        if (!File.Exists(path))
            throw new UserInputException($"the {secret} file does not exist", path);
        if (OperatingSystem.IsWindows())
            return;
        const UnixFileMode shared =
            UnixFileMode.GroupRead
            | UnixFileMode.GroupWrite
            | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead
            | UnixFileMode.OtherWrite
            | UnixFileMode.OtherExecute;
        UnixFileMode mode = File.GetUnixFileMode(path);
        if ((mode & shared) != 0)
            throw new UserInputException(
                $"permissions {Convert.ToString((int)mode, 8).PadLeft(4, '0')} are too open: the {secret} "
                    + "must not be accessible by other users; run chmod 600 on it",
                path
            );
    }

    /// <summary>The first line of a private file (line break dropped, nothing else trimmed); empty is an error.</summary>
    public static string FirstLine(string path, string secret)
    {
        RefuseShared(path, secret);
        string line = File.ReadLines(path).FirstOrDefault() ?? "";
        return line.Length > 0 ? line : throw new UserInputException($"the {secret} file's first line is empty", path);
    }
}
