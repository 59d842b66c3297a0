using Spectre.Console.Cli;

namespace OsteoMl.Cli;

/// <summary>
/// 0 success; 2 input the user can fix (bad CSV, image, option); 1 a bug (stack trace under --verbose); 130 cancelled.
/// </summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int InternalError = 1;
    public const int UserError = 2;

    /// <summary>Ctrl+C before anything was saved (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;

    public static bool IsUserError(Exception e) =>
        e
            is OsteoMl.Common.UserInputException
                or CommandParseException
                or CommandRuntimeException
                // The PACS refused the request (wrong credentials, unknown path) or stayed unreachable past the
                // retry deadline: the URL, the credentials or the server need fixing, not the code.
                or OsteoMl.Pacs.PacsException;
}
