using System.Buffers.Binary;
using System.Text;

namespace OsteoMl.Tests.Dicom;

/// <summary>
/// Writes a minimal explicit-VR little-endian DICOM file with 8-bit grayscale pixels (test data only): native, or
/// one encapsulated JPEG Baseline frame.
/// </summary>
internal static class DicomWriter
{
    public const string SopInstanceUid = "1.2.826.0.1.3680043.2.1125.28.1";

    /// <param name="window">"center\\width", or null for a file without a VOI window.</param>
    public static void Write(
        string path,
        byte[] pixels,
        int width,
        int height,
        string patientName = "Doe^Jane",
        string? window = "128\\256",
        string photometric = "MONOCHROME2"
    ) => Write(path, width, height, patientName, window, photometric, native: pixels, jpegFrame: null);

    /// <summary>A JPEG Baseline file whose single fragment holds <paramref name="frame"/> as it is.</summary>
    public static void WriteJpegBaseline(string path, byte[] frame, int width, int height) =>
        Write(path, width, height, "Doe^Jane", null, "MONOCHROME2", native: null, jpegFrame: frame);

    /// <summary>
    /// A 16-bit (12 bits stored) DX file carrying Study, Series and SOP Instance UIDs, as a PACS holds them (Orthanc
    /// refuses a file without them).
    /// </summary>
    public static byte[] SixteenBit(
        ushort[] pixels,
        int width,
        int height,
        string studyUid,
        string seriesUid,
        string sopUid
    )
    {
        using var stream = new MemoryStream();
        stream.Write(new byte[128]);
        stream.Write("DICM"u8);
        Element(stream, 0x0002, 0x0010, "UI", Uid("1.2.840.10008.1.2.1"));
        Element(stream, 0x0008, 0x0016, "UI", Uid("1.2.840.10008.5.1.4.1.1.1.1"));
        Element(stream, 0x0008, 0x0018, "UI", Uid(sopUid));
        Element(stream, 0x0008, 0x0060, "CS", Encoding.ASCII.GetBytes("DX"));
        Element(stream, 0x0010, 0x0010, "PN", Encoding.ASCII.GetBytes("Doe^Jane"));
        Element(stream, 0x0010, 0x0020, "LO", Encoding.ASCII.GetBytes("P1"));
        Element(stream, 0x0020, 0x000D, "UI", Uid(studyUid));
        Element(stream, 0x0020, 0x000E, "UI", Uid(seriesUid));
        Element(stream, 0x0028, 0x0002, "US", U16(1));
        Element(stream, 0x0028, 0x0004, "CS", Encoding.ASCII.GetBytes("MONOCHROME2 "));
        Element(stream, 0x0028, 0x0010, "US", U16(height));
        Element(stream, 0x0028, 0x0011, "US", U16(width));
        Element(stream, 0x0028, 0x0100, "US", U16(16));
        Element(stream, 0x0028, 0x0101, "US", U16(12));
        Element(stream, 0x0028, 0x0102, "US", U16(11));
        Element(stream, 0x0028, 0x0103, "US", U16(0));
        byte[] pixelBytes = new byte[pixels.Length * 2];
        for (int i = 0; i < pixels.Length; i++)
            BinaryPrimitives.WriteUInt16LittleEndian(pixelBytes.AsSpan(2 * i), pixels[i]);
        Element(stream, 0x7FE0, 0x0010, "OW", Even(pixelBytes));
        return stream.ToArray();
    }

    private static byte[] Uid(string uid) => Even(Encoding.ASCII.GetBytes(uid));

    private static void Write(
        string path,
        int width,
        int height,
        string patientName,
        string? window,
        string photometric,
        byte[]? native,
        byte[]? jpegFrame
    )
    {
        using var stream = File.Create(path);
        stream.Write(new byte[128]);
        stream.Write("DICM"u8);
        string syntax = jpegFrame is null ? "1.2.840.10008.1.2.1\0" : "1.2.840.10008.1.2.4.50";
        Element(stream, 0x0002, 0x0010, "UI", Encoding.ASCII.GetBytes(syntax));
        Element(stream, 0x0008, 0x0018, "UI", Encoding.ASCII.GetBytes(Even(SopInstanceUid)));
        Element(stream, 0x0008, 0x0060, "CS", Encoding.ASCII.GetBytes("DX"));
        Element(
            stream,
            0x0010,
            0x0010,
            "PN",
            Encoding.ASCII.GetBytes(patientName.Length % 2 == 0 ? patientName : patientName + " ")
        );
        Element(stream, 0x0028, 0x0002, "US", U16(1));
        Element(stream, 0x0028, 0x0004, "CS", Encoding.ASCII.GetBytes(Even(photometric)));
        Element(stream, 0x0028, 0x0010, "US", U16(height));
        Element(stream, 0x0028, 0x0011, "US", U16(width));
        Element(stream, 0x0028, 0x0100, "US", U16(8));
        Element(stream, 0x0028, 0x0101, "US", U16(8));
        Element(stream, 0x0028, 0x0102, "US", U16(7));
        Element(stream, 0x0028, 0x0103, "US", U16(0));
        if (window is not null)
        {
            string[] parts = window.Split('\\');
            Element(stream, 0x0028, 0x1050, "DS", Encoding.ASCII.GetBytes(Even(parts[0])));
            Element(stream, 0x0028, 0x1051, "DS", Encoding.ASCII.GetBytes(Even(parts[1])));
        }
        if (native is not null)
        {
            Element(stream, 0x7FE0, 0x0010, "OB", Even(native));
        }
        else
        {
            Encapsulated(stream, Even(jpegFrame!));
        }
    }

    private static byte[] Even(byte[] bytes) => bytes.Length % 2 == 0 ? bytes : [.. bytes, 0];

    /// <summary>Pixel Data of undefined length: an empty basic offset table, one fragment, the delimiter.</summary>
    private static void Encapsulated(Stream stream, byte[] fragment)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, 0x7FE0);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], 0x0010);
        header[4] = (byte)'O';
        header[5] = (byte)'B';
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], 0xFFFFFFFF);
        stream.Write(header);
        Item(stream, 0xE000, []);
        Item(stream, 0xE000, fragment);
        Item(stream, 0xE0DD, []);
    }

    private static void Item(Stream stream, ushort element, byte[] value)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(header, 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], element);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)value.Length);
        stream.Write(header);
        stream.Write(value);
    }

    private static string Even(string text) => text.Length % 2 == 0 ? text : text + " ";

    private static byte[] U16(int value)
    {
        byte[] bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value);
        return bytes;
    }

    private static void Element(Stream stream, ushort group, ushort element, string vr, byte[] value)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, group);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], element);
        header[4] = (byte)vr[0];
        header[5] = (byte)vr[1];
        if (vr is "OB" or "OW" or "SQ" or "UN" or "UT")
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)value.Length);
            stream.Write(header[..12]);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)value.Length);
            stream.Write(header[..8]);
        }
        stream.Write(value);
    }
}
