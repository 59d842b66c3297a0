using System.Globalization;
using System.Text;
using OsteoMl.Common;
using OsteoMl.Model;
using OsteoMl.Reporting;

namespace OsteoMl.Reporting;

/// <summary>
/// Writes predictions.csv: <c>patient_id[, image], p_image, p_clinical, p_fused, p_logistic, predicted[, label]</c>.
/// The patient id and the image path (as written in the input, so that follow-up films of one patient are told apart)
/// are the user's own keys, written back only to the user's own output file so that rows can be joined.
/// </summary>
public static class PredictionsCsv
{
    /// <param name="images">Each row's image path as the input CSV gives it; null for tabular data.</param>
    public static void Write(string path, IReadOnlyList<Prediction> predictions, IReadOnlyList<string>? images = null)
    {
        bool withLabel = predictions.Any(p => p.Label is not null);
        string csv = Header(images is not null, withLabel) + Lines(predictions, images, withLabel);
        AtomicFile.Write(path, temporary => File.WriteAllText(temporary, csv));
    }

    /// <summary>The header line, newline included.</summary>
    public static string Header(bool withImages, bool withLabel) =>
        "patient_id"
        + (withImages ? ",image" : "")
        + ",p_image,p_clinical,p_fused,p_logistic,predicted"
        + (withLabel ? ",label" : "")
        + "\n";

    /// <summary>One line per prediction, each ending in a newline (batches of one file are written with this).</summary>
    /// <param name="rowNumbers">A number to put first on each line (a shard's input row), or null for none.</param>
    public static string Lines(
        IReadOnlyList<Prediction> predictions,
        IReadOnlyList<string>? images,
        bool withLabel,
        IReadOnlyList<int>? rowNumbers = null
    )
    {
        var csv = new StringBuilder();
        for (int i = 0; i < predictions.Count; i++)
        {
            var p = predictions[i];
            if (rowNumbers is not null)
            {
                csv.Append(rowNumbers[i].ToString(CultureInfo.InvariantCulture)).Append(',');
            }
            csv.Append(Quote(p.PatientId));
            if (images is not null)
            {
                csv.Append(',').Append(Quote(images[i]));
            }
            csv.Append(',')
                .Append(Number(p.ImageProbability))
                .Append(',')
                .Append(Number(p.ClinicalProbability))
                .Append(',')
                .Append(Number(p.FusedProbability))
                .Append(',')
                .Append(Number(p.LogisticProbability))
                .Append(',')
                .Append(p.Predicted ? '1' : '0');
            if (withLabel)
            {
                csv.Append(',')
                    .Append(
                        p.Label is null ? ""
                        : p.Label.Value ? "1"
                        : "0"
                    );
            }
            csv.Append('\n');
        }
        return csv.ToString();
    }

    /// <summary>How a patient id starts its line (quoted as the writer quotes it), for checking a resumed file.</summary>
    public static string LineStart(string patientId) => Quote(patientId) + ",";

    private static string Number(float value) =>
        float.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
}
