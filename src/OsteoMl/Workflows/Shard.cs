using System.Security.Cryptography;
using System.Text;

namespace OsteoMl.Workflows;

/// <summary>
/// Shard K of N of a cohort, by patient: a patient belongs to shard (first four bytes of SHA-256 of the id) mod N,
/// so the split is the same on every machine and run, and a patient's films never straddle two shards. Shards of
/// one CSV can be scored in parallel (Kubernetes Indexed Jobs, Slurm job arrays) and concatenated.
/// </summary>
public readonly record struct Shard(int Index, int Count)
{
    public static readonly Shard All = new(1, 1);

    /// <summary>"K/N" with 1 ≤ K ≤ N; null when the text is not one.</summary>
    public static Shard? Parse(string? text)
    {
        string[] parts = (text ?? "").Split('/');
        return
            parts.Length == 2
            && int.TryParse(parts[0], out int k)
            && int.TryParse(parts[1], out int n)
            && n >= 1
            && k >= 1
            && k <= n
            ? new Shard(k, n)
            : null;
    }

    public bool Contains(string patientId)
    {
        if (Count == 1)
        {
            return true;
        }
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(patientId));
        return BitConverter.ToUInt32(hash, 0) % (uint)Count == (uint)(Index - 1);
    }

    public override string ToString() => $"{Index}/{Count}";
}
