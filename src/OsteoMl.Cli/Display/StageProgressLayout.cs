using Spectre.Console;

namespace OsteoMl.Cli.Display;

/// <summary>
/// The columns of <c>train</c>'s progress display, sized from the terminal's width so that each stage is one line
/// with its bar from 80 columns up. Spectre's own columns have no width: the grid then shrinks the widest (a long
/// stage detail) and the others in turn, and the elapsed time ended up two characters wide, over four lines.
/// </summary>
internal static class StageProgressLayout
{
    public const int PercentageWidth = 4; // "100%"
    public const int ElapsedWidth = 8; // "00:00:00"
    public const int NarrowestDescription = 10;

    /// <summary>The live display's grid pads each column but the last by one.</summary>
    private const int Gaps = 3;

    public static ProgressColumn[] Columns() =>
        [
            new FittedDescriptionColumn(),
            new FittedBarColumn(),
            new FixedWidthColumn(new PercentageColumn(), PercentageWidth),
            new FixedWidthColumn(new ElapsedTimeColumn(), ElapsedWidth),
        ];

    /// <summary>A fifth of the width, between 10 and Spectre's default of 40 columns.</summary>
    public static int BarWidth(int consoleWidth) => Math.Clamp(consoleWidth / 5, 10, 40);

    /// <summary>What the other columns leave, less one column so a line never reaches the terminal's edge.</summary>
    public static int DescriptionWidth(int consoleWidth) =>
        Math.Max(
            NarrowestDescription,
            consoleWidth - Gaps - BarWidth(consoleWidth) - PercentageWidth - ElapsedWidth - 1
        );
}
