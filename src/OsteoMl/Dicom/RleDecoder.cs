using System.Buffers.Binary;

namespace OsteoMl.Dicom;

/// <summary>
/// DICOM RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, one PackBits segment per byte plane,
/// most significant plane first. Returns little-endian samples so callers read them like native pixel data.
/// </summary>
internal static class RleDecoder
{
    public static byte[] Decode(byte[] fragment, int pixels, int bytesPerSample)
    {
        if (fragment.Length < 64)
        {
            throw new InvalidDataException("RLE fragment shorter than its 64-byte header.");
        }
        uint segments = BinaryPrimitives.ReadUInt32LittleEndian(fragment);
        if (segments != bytesPerSample)
        {
            throw new InvalidDataException(
                $"RLE frame has {segments} segments; a grayscale image with {8 * bytesPerSample}-bit samples needs "
                    + $"{bytesPerSample}."
            );
        }
        var output = new byte[pixels * bytesPerSample];
        for (int s = 0; s < segments; s++)
        {
            uint start = BinaryPrimitives.ReadUInt32LittleEndian(fragment.AsSpan(4 + 4 * s));
            uint stop =
                s + 1 < segments
                    ? BinaryPrimitives.ReadUInt32LittleEndian(fragment.AsSpan(8 + 4 * s))
                    : (uint)fragment.Length;
            if (start < 64 || stop > fragment.Length || stop < start)
            {
                throw new InvalidDataException("RLE segment offsets point outside the fragment.");
            }
            // Segment 0 holds the most significant bytes; in little-endian output that is the last byte of each sample.
            int byteInSample = bytesPerSample - 1 - s;
            int written = 0,
                position = (int)start;
            while (written < pixels && position < stop)
            {
                sbyte n = (sbyte)fragment[position++];
                if (n >= 0)
                {
                    int count = n + 1;
                    if (position + count > stop || written + count > pixels)
                    {
                        throw new InvalidDataException("RLE literal run overflows its segment or the image.");
                    }
                    for (int k = 0; k < count; k++)
                    {
                        output[(written++ * bytesPerSample) + byteInSample] = fragment[position++];
                    }
                }
                else if (n != -128)
                {
                    int count = 1 - n;
                    if (position >= stop || written + count > pixels)
                    {
                        throw new InvalidDataException("RLE replicate run overflows its segment or the image.");
                    }
                    byte value = fragment[position++];
                    for (int k = 0; k < count; k++)
                    {
                        output[(written++ * bytesPerSample) + byteInSample] = value;
                    }
                }
            }
            if (written < pixels)
            {
                throw new InvalidDataException("RLE segment ends before the image is complete (truncated?).");
            }
        }
        return output;
    }
}
