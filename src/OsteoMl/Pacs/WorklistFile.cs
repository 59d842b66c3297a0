using System.Globalization;
using System.Text;
using OsteoMl.Common;

namespace OsteoMl.Pacs;

/// <summary>
/// The worker's worklist: a CSV (mode 0600: it names patients) with one row per film seen, appended and flushed to
/// disk as each film is done. Reopened after a crash, it drops a half-written last line and knows which SOP instances
/// it already lists, so a rerun never lists a film twice.
/// </summary>
public sealed class WorklistFile
{
    public const string Header = "study_uid,sop_instance_uid,patient_id,status,reason,p_fused,p_image,basis,flagged";

    private readonly HashSet<string> _listed = new(StringComparer.Ordinal);

    private WorklistFile(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <summary>The SOP instance UIDs already in the file.</summary>
    public IReadOnlySet<string> Listed => _listed;

    /// <exception cref="OutputException">Not a worklist of this format, or not writable.</exception>
    public static WorklistFile Open(string path)
    {
        var worklist = new WorklistFile(System.IO.Path.GetFullPath(path));
        try
        {
            worklist.Load();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"cannot open the worklist ({e.Message}).", path);
        }
        return worklist;
    }

    public bool Contains(string sopInstanceUid) => _listed.Contains(sopInstanceUid);

    /// <summary>Appends the row (once per SOP instance) and flushes it to disk.</summary>
    public void Append(WorklistRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!_listed.Add(row.SopInstanceUid))
        {
            return;
        }
        using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write);
        stream.Write(Encoding.UTF8.GetBytes(Line(row)));
        stream.Flush(flushToDisk: true);
    }

    private void Load()
    {
        if (!File.Exists(Path))
        {
            Create();
            return;
        }
        string text = File.ReadAllText(Path);
        int complete = text.LastIndexOf('\n') + 1;
        string[] lines = text[..complete].Split('\n')[..^1];
        if (lines.Length == 0 || lines[0] != Header)
        {
            throw new OutputException(
                "this file is not an OsteoMl worklist (its first line is not the worklist header); pass another "
                    + "--worklist.",
                Path
            );
        }
        if (complete < text.Length)
        {
            // A line cut off by a crash: its film is done again (at most one report exists for it either way).
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Write);
            stream.SetLength(Encoding.UTF8.GetByteCount(text[..complete]));
        }
        foreach (string line in lines.Skip(1))
        {
            _listed.Add(line.Split(',')[1]);
        }
    }

    private void Create()
    {
        string folder = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(folder);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        AtomicFile.Write(
            Path,
            temporary =>
            {
                using var stream = new FileStream(temporary, options);
                stream.Write(Encoding.UTF8.GetBytes(Header + "\n"));
                stream.Flush(flushToDisk: true);
            }
        );
    }

    private static string Line(WorklistRow row) =>
        string.Join(
            ',',
            Cell(row.StudyUid),
            Cell(row.SopInstanceUid),
            Cell(row.PatientId),
            row.Status.ToString().ToLowerInvariant(),
            Cell(row.Reason),
            Number(row.FusedProbability),
            Number(row.ImageProbability),
            row.Basis,
            row.Flagged switch
            {
                true => "1",
                false => "0",
                null => "",
            }
        ) + "\n";

    /// <summary>The zip's float exactly (round-trip), as predict writes it, so the two files can be compared.</summary>
    private static string Number(double? value) =>
        value is { } v ? ((float)v).ToString("R", CultureInfo.InvariantCulture) : "";

    /// <summary>RFC 4180 quoting where a value needs it; line breaks become spaces so one film stays one line.</summary>
    private static string Cell(string value)
    {
        string flat = value.ReplaceLineEndings(" ");
        return flat.IndexOfAny([',', '"']) < 0
            ? flat
            : "\"" + flat.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
