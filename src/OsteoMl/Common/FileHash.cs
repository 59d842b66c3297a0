using System.Security.Cryptography;

namespace OsteoMl.Common;

/// <summary>A file's identity for provenance: <c>sha256:</c> and the lower-case hex digest of its bytes.</summary>
public static class FileHash
{
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
