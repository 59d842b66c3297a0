using OsteoMl.Common;
using OsteoMl.Data;
using OsteoMl.Model;
using OsteoMl.Reporting;

namespace OsteoMl.Workflows;

/// <summary>
/// <c>predict</c> over an archive: the rows of one <see cref="Shard"/> are scored in batches, each appended to
/// <c>&lt;out&gt;.partial</c> in one write and flushed to disk, and the file is renamed to <c>&lt;out&gt;</c> when the
/// last batch is in. Run again after a stop or a crash, it checks that the partial file belongs to the same input
/// (header and each written row's patient id), drops a half-written last line, and continues after the last complete
/// row, so a resumed run writes the same bytes as an uninterrupted one. A shard's file (N &gt; 1) starts each line
/// with the row's 1-based position in the input (<see cref="RowColumn"/>): concatenated shards are grouped by shard,
/// and sorting on that column restores the order of one unsharded run (README's Slurm recipe).
/// </summary>
public static class ArchiveScoring
{
    public const int DefaultBatchSize = 256;

    /// <summary>The first column of a shard's output: the row's 1-based position among the input's rows.</summary>
    public const string RowColumn = "row";

    public static string PartialPath(string output) => output + ".partial";

    public static ArchiveScoringResult Run(
        OsteoMlModel model,
        Cohort cohort,
        string output,
        Shard shard,
        int batchSize = DefaultBatchSize,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(cohort);
        int[] inShard = [.. Enumerable.Range(0, cohort.Count).Where(i => shard.Contains(cohort.PatientIds[i]))];
        Cohort part = cohort.Subset(inShard);
        // Only shards are numbered: one run's output is already in the input's order.
        int[]? rowNumbers = shard.Count > 1 ? [.. inShard.Select(i => i + 1)] : null;
        bool withLabel = part.Labels is not null && part.UnlabelledRows.Count < part.Count;
        string header =
            (rowNumbers is null ? "" : RowColumn + ",") + PredictionsCsv.Header(part.ImageNames is not null, withLabel);
        string partial = PartialPath(output);
        // The folder is created like train's, evaluate's and explain's outputs are (OutputFolder checked it first).
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        var (resumed, positives) = Resume(partial, header, part, rowNumbers, withLabel);
        using (var stream = new FileStream(partial, resumed == 0 ? FileMode.Create : FileMode.Append, FileAccess.Write))
        {
            if (resumed == 0)
            {
                Append(stream, header);
            }
            for (int start = resumed; start < part.Count; start += batchSize)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    throw new ScoringStoppedException(start, part.Count, partial);
                }
                int[] rows = [.. Enumerable.Range(start, Math.Min(batchSize, part.Count - start))];
                Cohort batch = part.Subset(rows);
                var predictions = model.Score(batch);
                int[]? numbers = rowNumbers is null ? null : [.. rows.Select(r => rowNumbers[r])];
                Append(stream, PredictionsCsv.Lines(predictions, batch.ImageNames, withLabel, numbers));
                positives += predictions.Count(p => p.Predicted);
                progress?.Report(start + batch.Count);
            }
        }
        File.Move(partial, output, overwrite: true);
        return new ArchiveScoringResult(part.Count, resumed, positives);
    }

    /// <summary>How row <paramref name="index"/> of the shard starts its line (its number, then its patient id).</summary>
    private static string LineStart(Cohort part, int[]? rowNumbers, int index) =>
        (rowNumbers is null ? "" : rowNumbers[index].ToString(System.Globalization.CultureInfo.InvariantCulture) + ",")
        + PredictionsCsv.LineStart(part.PatientIds[index]);

    private static void Append(FileStream stream, string text)
    {
        stream.Write(System.Text.Encoding.UTF8.GetBytes(text));
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// The complete rows already in the partial file (0 when there is none) and how many were predicted positive;
    /// a half-written last line is cut off. A partial file of another input, model or shard is refused.
    /// </summary>
    private static (int Rows, int Positives) Resume(
        string partial,
        string header,
        Cohort part,
        int[]? rowNumbers,
        bool withLabel
    )
    {
        if (!File.Exists(partial))
        {
            return (0, 0);
        }
        string text = File.ReadAllText(partial);
        int complete = text.LastIndexOf('\n') + 1;
        if (complete == 0)
        {
            return (0, 0); // not even the header was complete: start again
        }
        string[] lines = text[..complete].Split('\n')[..^1];
        bool same =
            lines.Length >= 1
            && lines[0] + "\n" == header
            && lines.Length - 1 <= part.Count
            && lines
                .Skip(1)
                .Select((line, i) => line.StartsWith(LineStart(part, rowNumbers, i), StringComparison.Ordinal))
                .All(x => x);
        if (!same)
        {
            throw new OutputException(
                "this partial output is from another input, model or --shard; delete it to start again.",
                partial
            );
        }
        using (var stream = new FileStream(partial, FileMode.Open, FileAccess.Write))
        {
            stream.SetLength(System.Text.Encoding.UTF8.GetByteCount(text[..complete]));
        }
        int positives = lines.Skip(1).Count(line => line.Split(',')[withLabel ? ^2 : ^1] == "1");
        return (lines.Length - 1, positives);
    }
}
