using System.Globalization;
using SkiaSharp;

namespace OsteoMl.Dicom;

/// <summary>
/// What a radiograph file is — format, encoding, size, bits, photometric interpretation, window, modality, view — and
/// the 8-bit picture the network gets before resizing. Never a patient-identifying field.
/// </summary>
public sealed record RadiographDescription(
    IReadOnlyList<KeyValuePair<string, string>> Fields,
    byte[] Pixels,
    int Width,
    int Height
)
{
    /// <summary>
    /// Describes a DICOM, PNG or JPEG file; an undecodable one is an <see cref="ImageFileException"/>.
    /// </summary>
    public static RadiographDescription Read(string path) =>
        RadiographFile.IsDicom(path) ? ReadDicom(path)
        : RadiographFile.IsPng16(path) ? ReadPng16(path)
        : ReadPicture(path);

    private static RadiographDescription ReadPng16(string path)
    {
        var (pixels, width, height) = RadiographFile.WindowedPng16(path);
        KeyValuePair<string, string>[] fields =
        [
            new("format", "PNG"),
            new("size", $"{width} × {height}"),
            new("bits", "16, grayscale (read at full depth)"),
            new("window", "none in the file: 0.5–99.5th percentile window, as for a DICOM without one"),
        ];
        return new RadiographDescription(fields, pixels, width, height);
    }

    private static RadiographDescription ReadDicom(string path)
    {
        DicomImage image;
        byte[] pixels;
        try
        {
            image = DicomImage.Read(path);
            pixels = image.Render8Bit();
        }
        catch (InvalidDataException e)
        {
            throw new ImageFileException($"DICOM: {e.Message}", path);
        }
        string syntax = image.File.TransferSyntax;
        string frames = $"{image.Frames} frame(s){(image.Frames > 1 ? " — frame 1 is used" : "")}";
        string sign = image.Signed ? "signed" : "unsigned";
        string inverted = image.Photometric == "MONOCHROME1" ? " (inverted so bone is white)" : "";
        string window =
            image.HasWindow ? $"center {F(image.WindowCenter!.Value)}, width {F(image.WindowWidth!.Value)}"
            : image.BitsStored <= 8 ? "none in the header: the 8-bit values are used as stored, as a PNG's are"
            : "none in the header: 0.5–99.5th percentile window";
        KeyValuePair<string, string>[] fields =
        [
            new("format", "DICOM"),
            new("transfer syntax", $"{TransferSyntaxes.Name(syntax)} ({syntax})"),
            new("size", $"{image.Columns} × {image.Rows}, {frames}"),
            new(
                "bits",
                $"allocated {image.BitsAllocated}, stored {image.BitsStored}, high bit {image.HighBit}, {sign}"
            ),
            new("photometric", image.Photometric + inverted),
            new("rescale", $"slope {F(image.RescaleSlope)}, intercept {F(image.RescaleIntercept)}"),
            new("window", window),
            new("modality", image.Modality ?? "—"),
            new("view", image.ViewPosition ?? "—"),
        ];
        return new RadiographDescription(fields, pixels, image.Columns, image.Rows);
    }

    private static RadiographDescription ReadPicture(string path)
    {
        using var codec = SKCodec.Create(path) ?? throw new ImageFileException("not a DICOM, PNG or JPEG file.", path);
        // The decoded bitmap is a local, not a temporary: Copy reads it in native code, and only a live reference keeps
        // its finalizer from freeing it meanwhile.
        using var decoded =
            SKBitmap.Decode(codec)
            ?? throw new ImageFileException("the image does not decode (truncated or corrupt?).", path);
        using var bitmap = decoded.Copy(SKColorType.Gray8);
        KeyValuePair<string, string>[] fields =
        [
            new("format", codec.EncodedFormat.ToString().ToUpperInvariant()),
            new("size", $"{bitmap.Width} × {bitmap.Height}"),
            new("bits", $"8, {codec.Info.ColorType} (read as 8-bit gray)"),
            new("window", "none: the 8-bit values are used as they are"),
        ];
        return new RadiographDescription(fields, bitmap.Bytes, bitmap.Width, bitmap.Height);
    }

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
