using Spectre.Console;
using Spectre.Console.Rendering;

namespace OsteoMl.Cli.Display;

/// <summary>Spectre's progress bar, as wide as <see cref="StageProgressLayout.BarWidth"/> allows at the current width.</summary>
internal sealed class FittedBarColumn : ProgressColumn
{
    private readonly ProgressBarColumn _bar = new();

    protected override bool NoWrap => true;

    public override int? GetColumnWidth(RenderOptions options) =>
        StageProgressLayout.BarWidth(options.ConsoleSize.Width);

    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        _bar.Width = GetColumnWidth(options);
        return _bar.Render(options, task, deltaTime);
    }
}
