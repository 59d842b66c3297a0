using System.Security.Cryptography;
using System.Text;
using OsteoMl.Data;

namespace OsteoMl.Model;

/// <summary>
/// Keyed hashes of the training CSV's patient ids and film contents, in the model card, so that <c>evaluate</c> can
/// count how many evaluated patients and films the model was trained on, whatever the file's bytes (line ends, column
/// order, a subset) — without the zip holding any patient identifier.
/// </summary>
/// <remarks>
/// Each value is HMAC-SHA-256 under <see cref="Key"/>, truncated to 128 bits. A keyed hash rather than a plain one
/// so that ids cannot be looked up in a precomputed table or linked across zips of other data; the key is derived
/// from the training CSV's hash (not drawn at random) so that two trainings on the same data write the same card. The
/// key travels in the card, so someone holding the zip who can guess an id can test the guess: this hides ids, it is
/// not a defence against enumerating a small id space. Lists are sorted, so the card does not keep the CSV's row order.
/// </remarks>
public sealed record TrainingFingerprints
{
    /// <summary>The HMAC key, hex.</summary>
    public required string Key { get; init; }

    /// <summary>Patients whose rows the saved model was fitted on.</summary>
    public required IReadOnlyList<string> FittedPatients { get; init; }

    /// <summary>The training CSV's other patients (validation and test splits: used to choose and measure).</summary>
    public required IReadOnlyList<string> HeldOutPatients { get; init; }

    /// <summary>Every training film's content (its file's bytes); null for a tabular cohort.</summary>
    public IReadOnlyList<string>? Films { get; init; }

    /// <summary>
    /// The fingerprints of <paramref name="cohort"/>, the model fitted on <paramref name="fittedRows"/>; null when
    /// the CSV had no patient id column (its ids are row numbers, which would match any other file's).
    /// </summary>
    public static TrainingFingerprints? Of(Cohort cohort, IReadOnlyList<int> fittedRows, string dataHash)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(fittedRows);
        if (cohort.IdsAreRowNumbers)
        {
            return null;
        }
        byte[] key = SHA256.HashData(Encoding.UTF8.GetBytes("OsteoMl training fingerprints\n" + dataHash))[..16];
        var fitted = fittedRows.Select(i => cohort.PatientIds[i]).ToHashSet(StringComparer.Ordinal);
        return new TrainingFingerprints
        {
            Key = Convert.ToHexStringLower(key),
            FittedPatients = Sorted(fitted.Select(id => Hash(key, Encoding.UTF8.GetBytes(id)))),
            HeldOutPatients = Sorted(
                cohort.PatientIds.Where(id => !fitted.Contains(id)).Select(id => Hash(key, Encoding.UTF8.GetBytes(id)))
            ),
            Films = cohort.ImagePaths is null ? null : Sorted(cohort.ImagePaths.Select(p => FilmHash(key, p))),
        };
    }

    /// <summary>How many of <paramref name="evaluated"/>'s patients and films are in the training CSV.</summary>
    public TrainingOverlap Overlap(Cohort evaluated)
    {
        ArgumentNullException.ThrowIfNull(evaluated);
        byte[] key = Convert.FromHexString(Key);
        string[] patients = [.. evaluated.PatientIds.Distinct(StringComparer.Ordinal)];
        int? films = null;
        if (Films is not null && evaluated.ImagePaths is not null)
        {
            var training = Films.ToHashSet(StringComparer.Ordinal);
            films = evaluated.ImagePaths.Count(p => training.Contains(FilmHash(key, p)));
        }
        if (evaluated.IdsAreRowNumbers)
        {
            return new TrainingOverlap(patients.Length, null, null, films);
        }
        string[] hashes = [.. patients.Select(id => Hash(key, Encoding.UTF8.GetBytes(id)))];
        var fitted = FittedPatients.ToHashSet(StringComparer.Ordinal);
        var heldOut = HeldOutPatients.ToHashSet(StringComparer.Ordinal);
        return new TrainingOverlap(
            patients.Length,
            hashes.Count(fitted.Contains),
            hashes.Count(heldOut.Contains),
            films
        );
    }

    private static string FilmHash(byte[] key, string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, stream)[..16]);
    }

    private static string Hash(byte[] key, byte[] value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, value)[..16]);

    private static string[] Sorted(IEnumerable<string> values) =>
        [.. values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
