using System.Globalization;
using System.Text;
using OsteoMl.Common;
using OsteoMl.Dicom;
using OsteoMl.Model;
using OsteoMl.Screening;

namespace OsteoMl.Workflows;

/// <summary>
/// <c>predict --dicom DIR</c>: every DICOM file under a folder scored from its header alone, as a PACS would feed it:
/// the eligibility rules first (an ineligible film is reported with its reason, never scored), age and sex from the
/// header, and the image branch alone at its own threshold where the model needs clinical values a header does not
/// carry. One row per file, in path order; the output is written atomically. No patient identifier is written: files
/// are named by their path under the folder and their SOP Instance UID.
/// </summary>
public static class DicomFolderScoring
{
    public const string Header =
        "file,sop_instance_uid,status,reason,p_image,p_clinical,p_fused,basis,threshold,flagged";

    public static DicomFolderResult Run(
        OsteoMlModel model,
        ModelCard card,
        string folder,
        string output,
        EligibilityRules rules,
        int batchSize = 64,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(model);
        var scorer = new FilmScorer(model, card);
        string[] files = DicomFiles(folder);
        var lines = new string[files.Length];
        int ineligible = 0,
            errors = 0;
        var scored = new List<ScreeningScore>();
        var pending = new List<(int Index, FilmHeader Header, string Loadable)>();
        for (int i = 0; i < files.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string name = Path.GetRelativePath(folder, files[i]).Replace('\\', '/');
            var (header, loadable, refusal) = Read(files[i], rules);
            if (refusal is { } refused)
            {
                lines[i] = Line(name, header?.SopInstanceUid, refused.Status, refused.Reason, null);
                ineligible += refused.Status == "ineligible" ? 1 : 0;
                errors += refused.Status == "error" ? 1 : 0;
                continue;
            }
            pending.Add((i, header!, loadable!));
        }
        foreach (var batch in pending.Chunk(batchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var films = batch.Select(f => new ScreenedFilm(
                f.Header.SopInstanceUid ?? f.Index.ToString(CultureInfo.InvariantCulture),
                f.Loadable,
                HeaderDemographics.Values(f.Header, model.ExpectedClinicalColumns)
            ));
            var scores = scorer.Score([.. films]);
            for (int k = 0; k < batch.Length; k++)
            {
                var (index, header, _) = batch[k];
                string name = Path.GetRelativePath(folder, files[index]).Replace('\\', '/');
                lines[index] = Line(name, header.SopInstanceUid, "scored", "", scores[k]);
            }
            scored.AddRange(scores);
            progress?.Report(batch[^1].Index + 1);
        }
        AtomicFile.Write(output, temporary => File.WriteAllText(temporary, Header + "\n" + string.Concat(lines)));
        return new DicomFolderResult(
            scored.Count,
            scored.Count(s => s.Flagged),
            scored.Count(s => s.Basis == ScoreBasis.ImageOnly),
            ineligible,
            errors
        );
    }

    /// <summary>Every DICOM file under the folder (by content, whatever its name), in ordinal path order.</summary>
    public static string[] DicomFiles(string folder) =>
        [
            .. Directory
                .EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(RadiographFile.IsDicom)
                .Order(StringComparer.Ordinal),
        ];

    private static (FilmHeader? Header, string? Loadable, (string Status, string Reason)? Refusal) Read(
        string path,
        EligibilityRules rules
    )
    {
        FilmHeader header;
        try
        {
            header = FilmHeader.Read(path);
        }
        catch (InvalidDataException e)
        {
            return (null, null, ("error", e.Message));
        }
        var eligibility = EligibilityCheck.Check(header, rules);
        if (!eligibility.IsEligible)
        {
            return (header, null, ("ineligible", eligibility.Code!));
        }
        try
        {
            return (header, RadiographFile.Loadable(path), null);
        }
        catch (InvalidDataException e)
        {
            return (header, null, ("error", e.Message));
        }
    }

    private static string Line(string file, string? sopInstanceUid, string status, string reason, ScreeningScore? score)
    {
        string[] cells =
        [
            Cell(file),
            sopInstanceUid ?? "",
            status,
            Cell(reason),
            Number(score?.ImageProbability),
            Number(score?.ClinicalProbability),
            Number(score?.FusedProbability),
            score?.BasisName ?? "",
            Number(score?.Threshold, exact: false),
            score is null ? ""
            : score.Flagged ? "1"
            : "0",
        ];
        return string.Join(',', cells) + "\n";
    }

    /// <summary>Probabilities as the zip's float, round-trip (as predict writes them); the threshold as a double.</summary>
    private static string Number(double? value, bool exact = true) =>
        value is not { } v ? ""
        : exact ? ((float)v).ToString("R", CultureInfo.InvariantCulture)
        : v.ToString("R", CultureInfo.InvariantCulture);

    private static string Cell(string value)
    {
        string flat = value.ReplaceLineEndings(" ");
        return flat.IndexOfAny([',', '"']) < 0
            ? flat
            : "\"" + flat.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
