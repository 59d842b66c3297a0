using OsteoMl.Common;

namespace OsteoMl.Pacs;

/// <summary>
/// The HTTP basic-auth user and password for the PACS. They come from the environment or from a private file, never
/// from the command line (other users see it in the process list) and never reach a log: <see cref="ToString"/>
/// leaves the password out.
/// </summary>
public sealed class PacsCredentials
{
    public const string UserVariable = "OSTEOML_PACS_USER";
    public const string PasswordVariable = "OSTEOML_PACS_PASSWORD";

    public PacsCredentials(string user, string password)
    {
        // Basic auth joins the two with ':', so a colon in the user would shift it into the password.
        if (string.IsNullOrEmpty(user) || user.Contains(':'))
            throw new UserInputException("the PACS user must be non-empty and must not contain ':'");
        ArgumentNullException.ThrowIfNull(password);
        User = user;
        Password = password;
    }

    public string User { get; }
    public string Password { get; }

    /// <summary>
    /// <c>OSTEOML_PACS_USER</c> and <c>OSTEOML_PACS_PASSWORD</c>; null when neither is set (a PACS without
    /// authentication), an error when only one is.
    /// </summary>
    public static PacsCredentials? FromEnvironment()
    {
        string? user = Environment.GetEnvironmentVariable(UserVariable);
        string? password = Environment.GetEnvironmentVariable(PasswordVariable);
        if (user is null && password is null)
            return null;
        if (user is null || password is null)
            throw new UserInputException($"set both {UserVariable} and {PasswordVariable}, or neither");
        return new PacsCredentials(user, password);
    }

    /// <summary>
    /// A file whose first line is <c>user:password</c> (split at the first colon, so the password may hold colons;
    /// the line break is dropped, nothing else is trimmed). Like ssh with a private key, a file that group or others
    /// may read or write is refused on Unix: the password would be exposed to them.
    /// </summary>
    public static PacsCredentials FromFile(string path)
    {
        PrivateFile.RefuseShared(path, "PACS password");
        string firstLine = File.ReadLines(path).FirstOrDefault() ?? "";
        int colon = firstLine.IndexOf(':');
        if (colon <= 0)
            throw new UserInputException("the first line must be user:password", path);
        return new PacsCredentials(firstLine[..colon], firstLine[(colon + 1)..]);
    }

    public override string ToString() => $"{User}:********";
}
