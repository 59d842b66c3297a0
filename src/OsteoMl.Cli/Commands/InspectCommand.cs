using OsteoMl.Common;
using OsteoMl.Dicom;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

/// <summary>
/// <c>osteoml inspect FILE</c>: format, encoding, size, bits, photometric interpretation, window, modality and view —
/// never a patient-identifying field — and optionally the 8-bit picture the network gets before resizing.
/// </summary>
public sealed class InspectCommand(IAnsiConsole console) : Command<InspectSettings>
{
    public override int Execute(CommandContext context, InspectSettings settings, CancellationToken cancellationToken)
    {
        var description = RadiographDescription.Read(settings.File);
        var table = new Table().HideHeaders().AddColumns("", "");
        foreach (var (key, value) in description.Fields)
        {
            table.AddRow(Markup.Escape(key), Markup.Escape(value));
        }
        console.Write(table);
        if (settings.Out is { } output)
        {
            var (pixels, width, height) = (description.Pixels, description.Width, description.Height);
            AtomicFile.Write(output, temporary => RadiographFile.WritePng(temporary, pixels, width, height));
            console.MarkupLineInterpolated(
                $"Wrote {Path.GetFullPath(output)} ({width} × {height}, 8-bit, as the network sees it before resizing)."
            );
        }
        return 0;
    }
}
