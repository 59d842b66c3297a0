using System.Buffers.Binary;

namespace OsteoMl.Dicom;

/// <summary>
/// Writes a <see cref="DicomDataset"/> as a DICOM Part 10 file in explicit VR little endian: the 128-byte preamble,
/// "DICM", the file meta group (its media storage SOP class and instance taken from the dataset's own SOP Class and
/// SOP Instance UIDs, so the two cannot disagree), then the dataset. Sequences and items are written with defined
/// lengths, so a reader can skip a sequence without walking it.
/// </summary>
public static class DicomDatasetWriter
{
    private const uint ItemTag = 0xFFFEE000;

    /// <summary>VRs whose explicit-VR header has two reserved bytes and a 4-byte length (PS3.5 7.1.2).</summary>
    private static readonly HashSet<string> LongLengthVrs = ["OB", "OW", "SQ", "UC", "UN", "UR", "UT"];

    /// <summary>Identifies the software that wrote the file (PS3.10 7.1); derived, so it needs no registered root.</summary>
    public static string ImplementationClassUid { get; } = DicomUids.FromName("OsteoMl DICOM dataset writer");

    public static string ImplementationVersionName { get; } = VersionName();

    public static byte[] ToBytes(DicomDataset dataset)
    {
        using var output = new MemoryStream();
        Write(dataset, output);
        return output.ToArray();
    }

    public static void Write(DicomDataset dataset, Stream output)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(output);
        if (dataset.Elements.Any(e => e.Tag >> 16 == 0x0002))
        {
            throw new ArgumentException("the file meta group (0002) is the writer's; leave it out of the dataset.");
        }
        CheckCharacterSet(dataset);
        output.Write(new byte[128]);
        output.Write("DICM"u8);
        output.Write(EncodeFileMeta(dataset));
        output.Write(Encode(dataset));
    }

    private static void CheckCharacterSet(DicomDataset dataset)
    {
        if (
            dataset.HasNonAsciiText
            && dataset.GetString(DicomTags.SpecificCharacterSet) != DicomDataset.Utf8CharacterSet
        )
        {
            throw new ArgumentException(
                $"the dataset has non-ASCII text, so it must declare Specific Character Set "
                    + $"\"{DicomDataset.Utf8CharacterSet}\" (the writer encodes text as UTF-8)."
            );
        }
    }

    /// <summary>
    /// Group 0002; its group length (0002,0000) counts the bytes from the end of that element to the end of the group.
    /// </summary>
    private static byte[] EncodeFileMeta(DicomDataset dataset)
    {
        var meta = new DicomDataset()
            .Add(DicomTags.MediaStorageSopClassUid, DicomVr.UI, RequiredUid(dataset, DicomTags.SopClassUid))
            .Add(DicomTags.MediaStorageSopInstanceUid, DicomVr.UI, RequiredUid(dataset, DicomTags.SopInstanceUid))
            .Add(DicomTags.TransferSyntaxUid, DicomVr.UI, TransferSyntaxes.ExplicitLittleEndian)
            .Add(DicomTags.ImplementationClassUid, DicomVr.UI, ImplementationClassUid)
            .Add(DicomTags.ImplementationVersionName, DicomVr.SH, ImplementationVersionName);
        using var rest = new MemoryStream();
        WriteHeader(rest, DicomTags.FileMetaInformationVersion, "OB", 2);
        rest.Write([0x00, 0x01]);
        rest.Write(Encode(meta));

        using var group = new MemoryStream();
        WriteHeader(group, DicomTags.FileMetaInformationGroupLength, "UL", 4);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)rest.Length);
        group.Write(length);
        rest.WriteTo(group);
        return group.ToArray();
    }

    private static string RequiredUid(DicomDataset dataset, uint tag) =>
        dataset.GetString(tag) is { Length: > 0 } uid
            ? uid
            : throw new ArgumentException(
                $"the dataset has no {DicomDataset.Describe(tag, DicomVr.UI)}, which the file meta group repeats."
            );

    private static byte[] Encode(DicomDataset dataset)
    {
        using var stream = new MemoryStream();
        foreach (DicomElement element in dataset.Elements)
        {
            if (element.Vr == DicomVr.SQ)
            {
                WriteSequence(stream, element);
            }
            else
            {
                WriteHeader(stream, element.Tag, element.Vr.ToString(), element.Value.Length);
                stream.Write(element.Value.Span);
            }
        }
        return stream.ToArray();
    }

    /// <summary>Each item is encoded first, so its length, and then the sequence's, is known before its header.</summary>
    private static void WriteSequence(Stream stream, DicomElement sequence)
    {
        byte[][] items = [.. sequence.Items.Select(Encode)];
        WriteHeader(stream, sequence.Tag, "SQ", items.Sum(item => 8 + item.Length));
        foreach (byte[] item in items)
        {
            WriteItemHeader(stream, item.Length);
            stream.Write(item);
        }
    }

    private static void WriteItemHeader(Stream stream, int length)
    {
        Span<byte> header = stackalloc byte[8];
        WriteTag(header, ItemTag);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)length);
        stream.Write(header);
    }

    private static void WriteHeader(Stream stream, uint tag, string vr, int length)
    {
        Span<byte> header = stackalloc byte[12];
        WriteTag(header, tag);
        header[4] = (byte)vr[0];
        header[5] = (byte)vr[1];
        if (LongLengthVrs.Contains(vr))
        {
            header[6] = header[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)length);
            stream.Write(header);
            return;
        }
        if (length > ushort.MaxValue - 1)
        {
            throw new ArgumentException(
                $"({tag >> 16:X4},{tag & 0xFFFF:X4}) {vr}: value too long for a 2-byte length."
            );
        }
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)length);
        stream.Write(header[..8]);
    }

    private static void WriteTag(Span<byte> header, uint tag)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(header, (ushort)(tag >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], (ushort)tag);
    }

    private static string VersionName()
    {
        Version version = typeof(DicomDatasetWriter).Assembly.GetName().Version ?? new Version(0, 0, 0);
        return $"OSTEOML_{version.Major}.{version.Minor}.{version.Build}";
    }
}
