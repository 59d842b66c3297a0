using System.Globalization;
using OsteoMl.Data;
using OsteoMl.Model;
using OsteoMl.Monitoring;
using Sylvan.Data.Csv;

namespace OsteoMl.Workflows;

/// <summary>
/// <c>osteoml monitor</c>'s work: a file of new patients through one <see cref="DriftWindow"/>. The file is either a
/// cohort CSV (scored here with the zip, as predict scores it) or a file of scores already made (predict's output,
/// or predict --dicom's / pacs' worklist), told apart by its header: a p_fused or p_clinical column means scores.
/// One row per patient (the first), as in the reference.
/// </summary>
public static class DriftMonitoring
{
    /// <summary>The zip's reference; a zip without one is a <see cref="ModelFileException"/> saying to retrain.</summary>
    public static DriftReference ReferenceOf(string zipPath) =>
        DriftReference.Read(zipPath)
        ?? throw new ModelFileException(
            "this zip has no drift reference (OsteoMl/drift_reference.json): zips trained (or recalibrated) before "
                + "monitoring have none; retrain it, or recalibrate it, with this version of osteoml to monitor it.",
            zipPath
        );

    /// <summary>Whether <paramref name="csvPath"/> holds scores (predict output, worklist) rather than a cohort.</summary>
    public static bool HoldsScores(string csvPath)
    {
        using var reader = CsvDataReader.Create(csvPath, new CsvDataReaderOptions { HasHeaders = true });
        var header = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetName(i).Trim()).ToHashSet();
        return header.Contains("p_fused") || header.Contains("p_clinical");
    }

    /// <summary>Scores a cohort with the zip and adds its patients to <paramref name="window"/>.</summary>
    public static void AddCohort(DriftWindow window, OsteoMlModel model, Cohort cohort, DriftReference reference)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(reference);
        var predictions = model.Score(cohort, reference.Embedding?.Column);
        var columns = reference.Inputs.Select(h => (h.Name, Values: cohort.TextColumn(h.Name))).ToArray();
        foreach (int row in DriftReferenceBuilder.FirstRowPerPatient(cohort, [.. Enumerable.Range(0, cohort.Count)]))
        {
            var p = predictions[row];
            window.Add(
                new MonitoredRow
                {
                    Clinical = columns
                        .Where(c => c.Values is not null)
                        .ToDictionary(c => c.Name, c => c.Values![row], StringComparer.Ordinal),
                    ImageProbability = p.ImageProbability,
                    ClinicalProbability = p.ClinicalProbability,
                    FusedProbability = p.FusedProbability,
                    Predicted = p.Predicted,
                    Label = p.Label,
                    Embedding = p.Embedding,
                }
            );
        }
    }

    /// <summary>
    /// Adds the scored rows of a predict output or a worklist (rows without a score, e.g. ineligible films, are
    /// skipped); a bad cell is a <see cref="CohortFormatException"/> naming the line and column.
    /// </summary>
    public static int AddScores(DriftWindow window, string csvPath)
    {
        ArgumentNullException.ThrowIfNull(window);
        string file = Path.GetFileName(csvPath);
        using var reader = CsvDataReader.Create(csvPath, new CsvDataReaderOptions { HasHeaders = true });
        string[] header = [.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetName(i).Trim())];
        int Column(string name) => Array.IndexOf(header, name);
        int id = Column("patient_id"),
            decision = Column("predicted") is var predicted and >= 0 ? predicted : Column("flagged"),
            label = Column("label");
        if (decision < 0)
        {
            throw new CohortFormatException(
                "a score file needs a predicted (predict) or flagged (worklist) column.",
                file,
                1,
                "predicted"
            );
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int line = 1,
            added = 0;
        while (reader.Read())
        {
            line++;
            string Cell(int c) => c >= 0 && c < reader.RowFieldCount ? reader.GetString(c).Trim() : "";
            float Score(string name) => Probability(Cell(Column(name)), file, line, name);
            var row = new MonitoredRow
            {
                ImageProbability = Score("p_image"),
                ClinicalProbability = Score("p_clinical"),
                FusedProbability = Score("p_fused"),
                Predicted = Flag(Cell(decision), file, line, header[decision]) ?? false,
                Label = label >= 0 ? Flag(Cell(label), file, line, "label") : null,
            };
            bool scored = !(float.IsNaN(row.FusedProbability) && float.IsNaN(row.ClinicalProbability));
            if (scored && (id < 0 || seen.Add(Cell(id))))
            {
                window.Add(row);
                added++;
            }
        }
        return added;
    }

    private static float Probability(string cell, string file, int line, string column)
    {
        if (cell.Length == 0)
        {
            return float.NaN;
        }
        if (
            !float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out float value)
            || value is < 0 or > 1
        )
        {
            throw new CohortFormatException($"'{cell}' is not a probability between 0 and 1.", file, line, column);
        }
        return value;
    }

    private static bool? Flag(string cell, string file, int line, string column) =>
        cell.Length == 0 ? null
        : LabelParser.TryParse(cell, out bool value) ? value
        : throw new CohortFormatException($"'{cell}' is not 0/1, yes/no or true/false.", file, line, column);
}
