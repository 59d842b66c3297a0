using Spectre.Console;
using Spectre.Console.Rendering;

namespace OsteoMl.Cli.Display;

/// <summary>
/// The stage and its latest detail on one line: cut with an ellipsis to what the other columns leave, so the line
/// keeps its bar, percentage and elapsed time (the detail changes every epoch or trial; its start says the most).
/// </summary>
internal sealed class FittedDescriptionColumn : ProgressColumn
{
    protected override bool NoWrap => true;

    public override int? GetColumnWidth(RenderOptions options) =>
        StageProgressLayout.DescriptionWidth(options.ConsoleSize.Width);

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text(Fit(Markup.Remove(task.Description), GetColumnWidth(options)!.Value));

    /// <summary>The text, or its first <paramref name="width"/> − 1 characters and "…".</summary>
    public static string Fit(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
