using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace OsteoMl.Dicom;

/// <summary>UIDs OsteoMl makes up itself.</summary>
public static class DicomUids
{
    public const int MaximumLength = 64;

    /// <summary>
    /// A UID under the "2.25" root (ISO/IEC 9834-8, a UUID as one integer), derived from <paramref name="name"/>:
    /// the first 16 bytes of SHA-256(UTF-8 name) read as an unsigned big-endian integer, in decimal. The same name
    /// always gives the same UID, so a worker that derives an SR's UID from what it scored writes the same object again
    /// on a re-run instead of a second one. At most 39 digits, so at most 44 characters.
    /// </summary>
    public static string FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        var value = new BigInteger(hash.AsSpan(0, 16), isUnsigned: true, isBigEndian: true);
        // BigInteger prints no leading zeros; a zero value prints "0", itself a valid component.
        return "2.25." + value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Whether <paramref name="uid"/> is a syntactically valid UID: 1 to 64 characters, dot-separated components of
    /// digits, none empty and none with a leading zero (other than "0" itself).
    /// </summary>
    public static bool IsValid(string? uid)
    {
        if (string.IsNullOrEmpty(uid) || uid.Length > MaximumLength)
        {
            return false;
        }
        foreach (string component in uid.Split('.'))
        {
            bool digitsOnly = component.Length > 0 && component.All(char.IsAsciiDigit);
            if (!digitsOnly || (component.Length > 1 && component[0] == '0'))
            {
                return false;
            }
        }
        return true;
    }
}
