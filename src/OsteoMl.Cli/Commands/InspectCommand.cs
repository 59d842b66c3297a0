using System.Globalization;
using OsteoMl.Common;
using OsteoMl.Data;
using OsteoMl.Dicom;
using SkiaSharp;
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
        var table = new Table().HideHeaders().AddColumns("", "");
        void Row(string key, string? value) => table.AddRow(Markup.Escape(key), Markup.Escape(value ?? "—"));
        byte[] pixels;
        int width, height;
        if (RadiographFile.IsDicom(settings.File))
        {
            DicomImage image;
            try
            {
                image = DicomImage.Read(settings.File);
                pixels = image.Render8Bit();
            }
            catch (InvalidDataException e)
            {
                throw new CohortFormatException($"DICOM: {e.Message}", settings.File);
            }
            (width, height) = (image.Columns, image.Rows);
            Row("format", "DICOM");
            Row("transfer syntax", $"{TransferSyntaxes.Name(image.File.TransferSyntax)} ({image.File.TransferSyntax})");
            Row("size", $"{image.Columns} × {image.Rows}, {image.Frames} frame(s){(image.Frames > 1 ? " — frame 1 is used" : "")}");
            Row("bits", $"allocated {image.BitsAllocated}, stored {image.BitsStored}, high bit {image.HighBit}, {(image.Signed ? "signed" : "unsigned")}");
            Row("photometric", image.Photometric + (image.Photometric == "MONOCHROME1" ? " (inverted so bone is white)" : ""));
            Row("rescale", $"slope {F(image.RescaleSlope)}, intercept {F(image.RescaleIntercept)}");
            Row("window", image.WindowCenter is { } c && image.WindowWidth is { } w ? $"center {F(c)}, width {F(w)}" : "none in the header: 0.5–99.5th percentile window");
            Row("modality", image.Modality);
            Row("view", image.ViewPosition);
        }
        else
        {
            using var codec = SKCodec.Create(settings.File) ?? throw new CohortFormatException("not a DICOM, PNG or JPEG file.", settings.File);
            using var bitmap = SKBitmap.Decode(codec).Copy(SKColorType.Gray8);
            (width, height, pixels) = (bitmap.Width, bitmap.Height, bitmap.Bytes);
            Row("format", codec.EncodedFormat.ToString().ToUpperInvariant());
            Row("size", $"{width} × {height}");
            Row("color type", $"{codec.Info.ColorType} (read as 8-bit gray; 16-bit files lose their low byte here)");
        }
        console.Write(table);
        if (settings.Out is { } output)
        {
            AtomicFile.Write(output, temporary => RadiographFile.WritePng(temporary, pixels, width, height));
            console.MarkupLineInterpolated($"Wrote {Path.GetFullPath(output)} ({width} × {height}, 8-bit, as the network sees it before resizing).");
        }
        return 0;
    }

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
