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
/// row, so a resumed run writes the same bytes as an uninterrupted one.
/// </summary>
public static class ArchiveScoring
{
    public const int DefaultBatchSize = 256;

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
        Cohort part = cohort.Subset([
            .. Enumerable.Range(0, cohort.Count).Where(i => shard.Contains(cohort.PatientIds[i])),
        ]);
        bool withLabel = part.Labels is not null && part.UnlabelledRows.Count < part.Count;
        string header = PredictionsCsv.Header(part.ImageNames is not null, withLabel);
        string partial = PartialPath(output);
        var (resumed, positives) = Resume(partial, header, part, withLabel);
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
                Cohort batch = part.Subset([.. Enumerable.Range(start, Math.Min(batchSize, part.Count - start))]);
                var predictions = model.Score(batch);
                Append(stream, PredictionsCsv.Lines(predictions, batch.ImageNames, withLabel));
                positives += predictions.Count(p => p.Predicted);
                progress?.Report(start + batch.Count);
            }
        }
        File.Move(partial, output, overwrite: true);
        return new ArchiveScoringResult(part.Count, resumed, positives);
    }

    private static void Append(FileStream stream, string text)
    {
        stream.Write(System.Text.Encoding.UTF8.GetBytes(text));
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// The complete rows already in the partial file (0 when there is none) and how many were predicted positive;
    /// a half-written last line is cut off. A partial file of another input, model or shard is refused.
    /// </summary>
    private static (int Rows, int Positives) Resume(string partial, string header, Cohort part, bool withLabel)
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
                .Select(
                    (line, i) => line.StartsWith(PredictionsCsv.LineStart(part.PatientIds[i]), StringComparison.Ordinal)
                )
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
