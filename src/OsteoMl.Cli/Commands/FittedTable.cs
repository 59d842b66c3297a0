using Spectre.Console;
using Spectre.Console.Rendering;

namespace OsteoMl.Cli.Commands;

/// <summary>
/// A results table with its title and footnote, laid out for where it is written. In a terminal: the wide table if
/// it fits, else the narrow one (estimates over their intervals) — Spectre would otherwise squeeze the widest column
/// and break "(0.663–1.000)" mid-number — with the title and footnote centred on it. Not in a terminal (a file, a CI
/// log; see <see cref="ConsoleFor"/>): the wide table, with the title and footnote as plain, unwrapped lines.
/// </summary>
internal sealed class FittedTable(Table wide, Table? narrow, string title, string? caption = null) : IRenderable
{
    public Measurement Measure(RenderOptions options, int maxWidth) =>
        Layout(options, maxWidth).Measure(options, maxWidth);

    public IEnumerable<Segment> Render(RenderOptions options, int maxWidth) =>
        Layout(options, maxWidth).Render(options, maxWidth);

    private IRenderable Layout(RenderOptions options, int maxWidth)
    {
        if (!options.Capabilities.Interactive)
        {
            return new Rows(caption is null ? [new Text(title), wide] : [new Text(title), wide, new Text(caption)]);
        }
        var table = narrow is null || ((IRenderable)wide).Measure(options, maxWidth).Max <= maxWidth ? wide : narrow;
        table.Title = new TableTitle(Markup.Escape(title));
        table.Caption = caption is null ? null : new TableTitle(Markup.Escape(caption));
        return table;
    }
}
