using Spectre.Console.Cli;
using OsteoMl.Data;

namespace OsteoMl.Cli;

/// <summary>0 success; 2 input the user can fix (bad CSV, image, option); 1 a bug (stack trace under --verbose).</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int InternalError = 1;
    public const int UserError = 2;

    public static bool IsUserError(Exception e) => e is CohortFormatException or CommandParseException or CommandRuntimeException
        || e is InvalidOperationException { InnerException: CohortFormatException }
        || IsImageLoadFailure(e);

    public static string Describe(Exception e) => e switch
    {
        InvalidOperationException { InnerException: CohortFormatException inner } => inner.Message,
        _ when IsImageLoadFailure(e) => $"an image could not be decoded: {Innermost(e).Message}",
        _ => e.Message,
    };

    // ImageAnalytics reports an undecodable file as InvalidOperationException("Image … was not loaded"), sometimes wrapped.
    private static bool IsImageLoadFailure(Exception e) =>
        Innermost(e) is InvalidOperationException inner && inner.Message.Contains("image", StringComparison.OrdinalIgnoreCase) && inner.Message.Contains("load", StringComparison.OrdinalIgnoreCase);

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e;
    }
}
