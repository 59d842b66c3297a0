using System.Buffers.Binary;

namespace OsteoMl.Tests;

/// <summary>Hand-built PNG files for tests that need what an encoder will not write (bombs, 16-bit gray).</summary>
internal static class PngChunks
{
    public static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Header(int width, int height, byte bitDepth)
    {
        byte[] header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = bitDepth; // colour type 0 (grey), no interlace
        return header;
    }

    public static void Write(Stream png, string type, byte[] data)
    {
        byte[] length = new byte[4],
            crc = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        byte[] typed = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(length);
        png.Write(typed);
        png.Write(crc);
    }

    /// <summary>PNG's CRC-32 (polynomial 0xEDB88320), bit by bit.</summary>
    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }
        return ~crc;
    }
}
