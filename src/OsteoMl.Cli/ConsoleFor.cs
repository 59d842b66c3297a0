using Spectre.Console;

namespace OsteoMl.Cli;

/// <summary>
/// The console the CLI writes to. A terminal gets Spectre's console as detected. Output piped to a file or a CI log
/// would otherwise be hard-wrapped at 80 columns (table headers cut to "Sensit…", one CI over three lines, help text in
/// an 18-character column): it gets plain, uncoloured, non-interactive output as wide as its longest line.
/// </summary>
public static class ConsoleFor
{
    /// <summary>Wide enough that no table or message of OsteoMl's wraps; lines are only as long as their text.</summary>
    public const int PipedWidth = 1000;

    public static IAnsiConsole Standard()
    {
        if (!Console.IsOutputRedirected)
        {
            return AnsiConsole.Console;
        }
        var console = AnsiConsole.Create(
            new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
                Out = new AnsiConsoleOutput(new TrailingSpaceTrimmer(Console.Out)),
            }
        );
        console.Profile.Width = PipedWidth;
        return console;
    }
}
