using System.Globalization;

namespace OsteoMl.Evaluation;

/// <summary>
/// The simulator's Bayes ceiling on the evaluated rows: the AUC of each patient's exact posterior given the film, the
/// clinical columns and both, read from <see cref="FileName"/> beside a generated cohort's CSV. No model can rank
/// better, so a model's AUC reads against the ceiling of the inputs it uses.
/// </summary>
public sealed record AttainableAuc(double Film, double Clinical, double Both)
{
    public const string FileName = "bayes_posterior.csv";

    /// <summary>The ceiling for these rows, or null when the cohort has no posterior file (real data).</summary>
    public static AttainableAuc? For(string cohortCsv, IReadOnlyList<string> patientIds, IReadOnlyList<bool> labels)
    {
        string path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(cohortCsv))!, FileName);
        if (!File.Exists(path))
        {
            return null;
        }
        var posteriors = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(path).Skip(1).Where(l => l.Length > 0))
        {
            string[] fields = line.Split(',');
            posteriors[fields[0]] = [.. fields.Skip(1).Select(f => double.Parse(f, CultureInfo.InvariantCulture))];
        }
        if (patientIds.Any(id => !posteriors.ContainsKey(id)))
        {
            return null; // a posterior file of another cohort
        }
        double Auc(int column) => RocAuc.Compute([.. patientIds.Select(id => posteriors[id][column])], labels);
        return new AttainableAuc(Auc(0), Auc(1), Auc(2));
    }
}
