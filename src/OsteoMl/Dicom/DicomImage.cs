using System.Buffers.Binary;

namespace OsteoMl.Dicom;

/// <summary>
/// A grayscale DICOM radiograph decoded to an 8-bit picture the way a viewer shows it: stored values (Bits Allocated /
/// Stored / High Bit, signed pixel representation) → modality values (Rescale Slope/Intercept) → VOI window (the first
/// Window Center/Width, with the standard's linear function, PS3.3 C.11.2.1.2.1) → MONOCHROME1 inverted so bone is
/// always white. Without a window: at most 8 bits stored are used as stored, exactly as an 8-bit PNG of the same film
/// is (<see cref="AsStored"/>); more bits get the 0.5th–99.5th percentile range. Multi-frame files give frame 1.
/// Only non-identifying attributes are read (the SOP Instance UID only to name a file that fails to decode).
/// </summary>
public sealed class DicomImage
{
    /// <summary>Matches the PNG limit (ImageFileProbe): far above any radiograph.</summary>
    public const long MaximumPixels = 64L * 1024 * 1024;

    private DicomImage(DicomFile file)
    {
        File = file;
        Rows = file.GetUInt16(0x00280010) ?? throw new InvalidDataException("no Rows (0028,0010).");
        Columns = file.GetUInt16(0x00280011) ?? throw new InvalidDataException("no Columns (0028,0011).");
        BitsAllocated = file.GetUInt16(0x00280100) ?? throw new InvalidDataException("no Bits Allocated (0028,0100).");
        BitsStored = file.GetUInt16(0x00280101) ?? BitsAllocated;
        HighBit = file.GetUInt16(0x00280102) ?? (BitsStored - 1);
        Signed = file.GetUInt16(0x00280103) == 1;
        SamplesPerPixel = file.GetUInt16(0x00280002) ?? 1;
        Photometric = file.GetString(0x00280004) ?? "MONOCHROME2";
        Frames = (int)(file.GetNumber(0x00280008) ?? 1);
        RescaleSlope = file.GetNumber(0x00281053) ?? 1;
        RescaleIntercept = file.GetNumber(0x00281052) ?? 0;
        WindowCenter = file.GetNumber(0x00281050);
        WindowWidth = file.GetNumber(0x00281051);
        Modality = file.GetString(0x00080060);
        ViewPosition = file.GetString(0x00185101);
        if (Rows == 0 || Columns == 0 || (long)Rows * Columns > MaximumPixels)
        {
            throw new InvalidDataException(
                $"{Columns}×{Rows} pixels is empty or beyond the {MaximumPixels / 1024 / 1024}-megapixel limit."
            );
        }
        if (SamplesPerPixel != 1 || Photometric is not ("MONOCHROME1" or "MONOCHROME2"))
        {
            throw new InvalidDataException(
                $"{Photometric} with {SamplesPerPixel} samples per pixel is not a grayscale radiograph (MONOCHROME1 "
                    + $"or MONOCHROME2 expected)."
            );
        }
        if (
            BitsAllocated is not (8 or 16)
            || BitsStored is < 1 or > 16
            || BitsStored > BitsAllocated
            || HighBit >= BitsAllocated
            || HighBit + 1 < BitsStored
        )
        {
            throw new InvalidDataException(
                $"unsupported bit layout: allocated {BitsAllocated}, stored {BitsStored}, high bit {HighBit}."
            );
        }
        if (Frames < 1)
        {
            throw new InvalidDataException($"Number of Frames is {Frames}.");
        }
    }

    public DicomFile File { get; }
    public int Rows { get; }
    public int Columns { get; }
    public int BitsAllocated { get; }
    public int BitsStored { get; }
    public int HighBit { get; }
    public bool Signed { get; }
    public int SamplesPerPixel { get; }
    public string Photometric { get; }
    public int Frames { get; }
    public double RescaleSlope { get; }
    public double RescaleIntercept { get; }
    public double? WindowCenter { get; }
    public double? WindowWidth { get; }
    public string? Modality { get; }
    public string? ViewPosition { get; }

    public static DicomImage Read(string path) => new(DicomFile.Read(path));

    public static DicomImage Parse(byte[] bytes) => new(DicomFile.Parse(bytes));

    /// <summary>Frame 1's stored values (masked to Bits Stored, sign-extended when signed), row by row.</summary>
    public int[] StoredValues()
    {
        int count = Rows * Columns;
        int bytesPerSample = BitsAllocated / 8;
        byte[] frame = FrameBytes(count * bytesPerSample);
        var values = new int[count];
        int shift = HighBit + 1 - BitsStored;
        int mask = (1 << BitsStored) - 1;
        for (int i = 0; i < count; i++)
        {
            int raw =
                bytesPerSample == 1 ? frame[i]
                : File.BigEndian && File.Fragments is null ? BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(2 * i))
                : BinaryPrimitives.ReadUInt16LittleEndian(frame.AsSpan(2 * i));
            int value = (raw >> shift) & mask;
            if (Signed && (value & (1 << (BitsStored - 1))) != 0)
            {
                value -= 1 << BitsStored;
            }
            values[i] = value;
        }
        return values;
    }

    /// <summary>True when the header's first Window Center/Width is usable (a width of at least 1).</summary>
    public bool HasWindow => WindowCenter is not null && WindowWidth is >= 1;

    /// <summary>The 8-bit picture (row by row), windowed as described on the class.</summary>
    public byte[] Render8Bit()
    {
        bool invert = Photometric == "MONOCHROME1";
        if (!HasWindow && BitsStored <= 8)
        {
            return AsStored(StoredValues(), invert);
        }
        return Window(
            [.. StoredValues().Select(v => v * RescaleSlope + RescaleIntercept)],
            WindowCenter,
            WindowWidth,
            invert
        );
    }

    /// <summary>
    /// At most 8 bits stored and no window: the full stored range mapped onto 0–255, which for the usual unsigned
    /// 8 bits is the stored values unchanged. Such a file is already a display rendering (a secondary capture or an
    /// exported film), and the networks were trained on 8-bit PNGs used as they are; the percentile window stretched
    /// these films' contrast instead (issue 28: the same 130 films as DICOM and as PNG were a mean 9.1 gray levels
    /// apart, p_image up to 0.029). Rescale Slope/Intercept is linear, so it cancels out, except that a negative
    /// slope reverses the gray scale.
    /// </summary>
    private byte[] AsStored(int[] stored, bool invert)
    {
        int lowest = Signed ? -(1 << (BitsStored - 1)) : 0;
        int levels = (1 << BitsStored) - 1;
        invert ^= RescaleSlope < 0;
        var output = new byte[stored.Length];
        for (int i = 0; i < stored.Length; i++)
        {
            byte value = (byte)Math.Round((stored[i] - lowest) * 255.0 / levels);
            output[i] = invert ? (byte)(255 - value) : value;
        }
        return output;
    }

    /// <summary>
    /// The standard's linear VOI function (PS3.3 C.11.2.1.2.1) to 0–255; without a usable window, the 0.5th–99.5th
    /// percentile range; inverted for MONOCHROME1.
    /// </summary>
    public static byte[] Window(double[] values, double? windowCenter, double? windowWidth, bool invert)
    {
        ArgumentNullException.ThrowIfNull(values);
        double center,
            width;
        if (windowCenter is { } c && windowWidth is { } w && w >= 1)
        {
            (center, width) = (c, w);
        }
        else
        {
            // The two order statistics a full sort gave, by selection: the same values, without sorting a few million
            // pixels (the sort was 80 % of reading a 1024-pixel 16-bit film: 164 of 209 ms).
            double[] copy = [.. values];
            double low = Common.OrderStatistic.Select(copy, (int)(0.005 * (copy.Length - 1))),
                high = Common.OrderStatistic.Select(copy, (int)(0.995 * (copy.Length - 1)));
            (center, width) = ((low + high) / 2 + 0.5, Math.Max(1, high - low + 1));
        }
        var output = new byte[values.Length];
        double bottom = center - 0.5 - (width - 1) / 2,
            top = center - 0.5 + (width - 1) / 2;
        for (int i = 0; i < values.Length; i++)
        {
            double x = values[i];
            double y =
                x <= bottom ? 0
                : x > top ? 255
                : ((x - (center - 0.5)) / (width - 1) + 0.5) * 255;
            byte value = (byte)Math.Clamp(Math.Round(y), 0, 255);
            output[i] = invert ? (byte)(255 - value) : value;
        }
        return output;
    }

    private byte[] FirstFrame(IReadOnlyList<byte[]> fragments)
    {
        if (File.OffsetTable.Count < 2)
        {
            return fragments[0];
        }
        // Offsets are measured from the first fragment's item tag: each fragment adds 8 header bytes.
        var frame = new List<byte>();
        long offset = 0;
        foreach (byte[] fragment in fragments)
        {
            if (offset >= File.OffsetTable[1])
            {
                break;
            }
            frame.AddRange(fragment);
            offset += fragment.Length + 8;
        }
        return [.. frame];
    }

    /// <summary>
    /// 8-bit grayscale JPEG Baseline through SkiaSharp's libjpeg-turbo (lossy: values may differ from other decoders by
    /// a gray level). A frame that is not JPEG, or does not decode completely, is refused: SKBitmap.Decode would
    /// throw ArgumentNullException for the first and silently fill a truncated frame's missing rows with gray.
    /// </summary>
    private byte[] JpegBaseline(byte[] frame)
    {
        if (BitsAllocated != 8)
        {
            throw new InvalidDataException("JPEG Baseline holds 8-bit samples, but Bits Allocated is not 8.");
        }
        using var data = SkiaSharp.SKData.CreateCopy(frame);
        using var codec = SkiaSharp.SKCodec.Create(data);
        if (codec is null || codec.EncodedFormat != SkiaSharp.SKEncodedImageFormat.Jpeg)
        {
            throw UndecodableFrame("is not a JPEG stream");
        }
        if (codec.Info.Width != Columns || codec.Info.Height != Rows)
        {
            throw new InvalidDataException(
                $"JPEG frame is {codec.Info.Width}×{codec.Info.Height}; the DICOM header says {Columns}×{Rows}."
            );
        }
        // Decoded in the stream's own colour type (Skia will not turn YCbCr into Gray8 while decoding), then copied.
        using var decoded = new SkiaSharp.SKBitmap(codec.Info);
        var result = codec.GetPixels(decoded.Info, decoded.GetPixels());
        if (result != SkiaSharp.SKCodecResult.Success)
        {
            throw UndecodableFrame($"does not decode completely ({result}: truncated or corrupt)");
        }
        using var gray =
            decoded.Copy(SkiaSharp.SKColorType.Gray8) ?? throw UndecodableFrame("cannot be converted to gray");
        return gray.Bytes;
    }

    /// <summary>Names the instance and the transfer syntax, so the user can find and re-export the file.</summary>
    private InvalidDataException UndecodableFrame(string why)
    {
        string instance = File.GetString(0x00080018) is { Length: > 0 } uid ? $"SOP Instance UID {uid}" : "no UID";
        return new InvalidDataException(
            $"frame 1 ({instance}) {why}; transfer syntax {TransferSyntaxes.Name(File.TransferSyntax)} "
                + $"({File.TransferSyntax}). Re-export the file, e.g. uncompressed with dcmtk's dcmdjpeg."
        );
    }

    private byte[] FrameBytes(int frameLength)
    {
        if (File.Fragments is { } fragments)
        {
            if (fragments.Count == 0)
            {
                throw new InvalidDataException("encapsulated pixel data has no fragments.");
            }
            // One frame: every fragment belongs to it (JPEG may split a frame); multi-frame: frame 1's fragments
            // run up to the second offset-table entry, or are the first fragment when there is no table.
            byte[] frame = Frames == 1 ? [.. fragments.SelectMany(f => f)] : FirstFrame(fragments);
            switch (File.TransferSyntax)
            {
                case TransferSyntaxes.RleLossless:
                    return RleDecoder.Decode(fragments[0], Rows * Columns, BitsAllocated / 8);
                case TransferSyntaxes.JpegLossless or TransferSyntaxes.JpegLosslessSv1:
                    return JpegLosslessDecoder.Decode(frame, Columns, Rows, BitsAllocated / 8);
                case TransferSyntaxes.JpegBaseline:
                    return JpegBaseline(frame);
                default:
                    throw new InvalidDataException(
                        $"encapsulated {TransferSyntaxes.Name(File.TransferSyntax)} pixel data is not supported."
                    );
            }
        }
        byte[] pixels = File.PixelData ?? throw new InvalidDataException("no Pixel Data (7FE0,0010).");
        if (pixels.Length < frameLength)
        {
            throw new InvalidDataException(
                $"Pixel Data holds {pixels.Length} bytes; frame 1 needs {frameLength} (truncated file?)."
            );
        }
        return pixels.AsSpan(0, frameLength).ToArray();
    }
}
