using Spectre.Console;
using Spectre.Console.Rendering;

namespace OsteoMl.Cli.Display;

/// <summary>A Spectre column given the fixed width of what it shows, so the grid never shrinks it.</summary>
internal sealed class FixedWidthColumn(ProgressColumn inner, int width) : ProgressColumn
{
    protected override bool NoWrap => true;

    public override int? GetColumnWidth(RenderOptions options) => width;

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        inner.Render(options, task, deltaTime);
}
