using System.Buffers.Binary;
using System.Text;

namespace OsteoMl.Tests.Dicom;

/// <summary>
/// Writes a minimal explicit-VR little-endian DICOM file with 8-bit grayscale pixels (test data only).
/// </summary>
internal static class DicomWriter
{
    public static void Write(
        string path,
        byte[] pixels,
        int width,
        int height,
        string patientName = "Doe^Jane",
        string window = "128\\256"
    )
    {
        using var stream = File.Create(path);
        stream.Write(new byte[128]);
        stream.Write("DICM"u8);
        const string syntax = "1.2.840.10008.1.2.1\0";
        Element(stream, 0x0002, 0x0010, "UI", Encoding.ASCII.GetBytes(syntax));
        Element(stream, 0x0008, 0x0060, "CS", Encoding.ASCII.GetBytes("DX"));
        Element(
            stream,
            0x0010,
            0x0010,
            "PN",
            Encoding.ASCII.GetBytes(patientName.Length % 2 == 0 ? patientName : patientName + " ")
        );
        Element(stream, 0x0028, 0x0002, "US", U16(1));
        Element(stream, 0x0028, 0x0004, "CS", Encoding.ASCII.GetBytes("MONOCHROME2 "));
        Element(stream, 0x0028, 0x0010, "US", U16(height));
        Element(stream, 0x0028, 0x0011, "US", U16(width));
        Element(stream, 0x0028, 0x0100, "US", U16(8));
        Element(stream, 0x0028, 0x0101, "US", U16(8));
        Element(stream, 0x0028, 0x0102, "US", U16(7));
        Element(stream, 0x0028, 0x0103, "US", U16(0));
        string[] parts = window.Split('\\');
        Element(stream, 0x0028, 0x1050, "DS", Encoding.ASCII.GetBytes(Even(parts[0])));
        Element(stream, 0x0028, 0x1051, "DS", Encoding.ASCII.GetBytes(Even(parts[1])));
        byte[] data = pixels.Length % 2 == 0 ? pixels : [.. pixels, 0];
        Element(stream, 0x7FE0, 0x0010, "OB", data);
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
