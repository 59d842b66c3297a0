using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace OsteoMl.Dicom;

/// <summary>
/// A DICOM Part 10 file (or a bare dataset without preamble, when it starts like one), parsed far enough for a
/// radiograph: top-level attributes as raw bytes, and the pixel data as native bytes or encapsulated fragments.
/// Transfer syntaxes: implicit VR little endian, explicit VR little and big endian, deflated explicit VR little
/// endian. Sequences are skipped (defined lengths) or walked to their delimiters (undefined lengths) with a depth
/// limit; every length is checked against the bytes left, so a malformed file fails with
/// <see cref="InvalidDataException"/> in bounded time and memory, never with a crash or a hang.
/// </summary>
public sealed class DicomFile
{
    public const int MaximumSequenceDepth = 16;
    private const uint PixelDataTag = 0x7FE00010, ItemTag = 0xFFFEE000, ItemDelimiterTag = 0xFFFEE00D, SequenceDelimiterTag = 0xFFFEE0DD;
    private const uint Undefined = 0xFFFFFFFF;
    private static readonly HashSet<string> LongVrs = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "UC", "UR", "UT", "UN", "SV", "UV"];

    private readonly Dictionary<uint, byte[]> _elements = [];

    private DicomFile(string transferSyntax)
    {
        TransferSyntax = transferSyntax;
    }

    public string TransferSyntax { get; }
    public bool BigEndian => TransferSyntax == TransferSyntaxes.ExplicitBigEndian;

    /// <summary>Native pixel bytes (as stored), or null when encapsulated.</summary>
    public byte[]? PixelData { get; private set; }

    /// <summary>Encapsulated pixel data: the fragments after the basic offset table, and that table.</summary>
    public IReadOnlyList<byte[]>? Fragments { get; private set; }

    public IReadOnlyList<uint> OffsetTable { get; private set; } = [];

    public static DicomFile Read(string path) => Parse(File.ReadAllBytes(path));

    public static DicomFile Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        int position = 0;
        string syntax;
        if (bytes.Length >= 132 && bytes[128] == 'D' && bytes[129] == 'I' && bytes[130] == 'C' && bytes[131] == 'M')
        {
            position = 132;
            var meta = new DicomFile(TransferSyntaxes.ExplicitLittleEndian);
            // The file meta group is always explicit VR little endian; it ends where group 0002 ends.
            position = meta.ParseElements(bytes, position, bytes.Length, explicitVr: true, bigEndian: false, depth: 0, stopOutsideGroup: 0x0002);
            syntax = meta.GetString(0x00020010) ?? throw new InvalidDataException("the file meta information has no transfer syntax (0002,0010).");
        }
        else if (bytes.Length >= 8 && LooksLikeDataset(bytes))
        {
            // No preamble: guess the encoding from the first element (explicit VR has two letters where a length would be).
            bool explicitVr = char.IsAsciiLetterUpper((char)bytes[4]) && char.IsAsciiLetterUpper((char)bytes[5]);
            bool bigEndian = explicitVr && bytes[0] == 0x00 && bytes[1] == 0x08;
            syntax = !explicitVr ? TransferSyntaxes.ImplicitLittleEndian : bigEndian ? TransferSyntaxes.ExplicitBigEndian : TransferSyntaxes.ExplicitLittleEndian;
        }
        else
        {
            throw new InvalidDataException("not a DICOM file (no 'DICM' marker after the 128-byte preamble, and it does not start like a dataset).");
        }

        if (!TransferSyntaxes.IsSupported(syntax, out string? problem))
        {
            throw new InvalidDataException(problem);
        }
        var file = new DicomFile(syntax);
        byte[] body = bytes;
        int end = bytes.Length;
        if (syntax == TransferSyntaxes.DeflatedExplicitLittleEndian)
        {
            body = Inflate(bytes, position);
            position = 0;
            end = body.Length;
        }
        file.ParseElements(body, position, end, explicitVr: syntax != TransferSyntaxes.ImplicitLittleEndian, file.BigEndian, depth: 0, stopOutsideGroup: null);
        return file;
    }

    public byte[]? Get(uint tag) => _elements.GetValueOrDefault(tag);

    public string? GetString(uint tag) =>
        _elements.TryGetValue(tag, out byte[]? value) ? Encoding.ASCII.GetString(value).TrimEnd('\0', ' ').Trim() : null;

    public ushort? GetUInt16(uint tag) =>
        _elements.TryGetValue(tag, out byte[]? v) && v.Length >= 2 ? (BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(v) : BinaryPrimitives.ReadUInt16LittleEndian(v)) : null;

    /// <summary>A decimal or integer string's first value (DS/IS may hold several, separated by '\').</summary>
    public double? GetNumber(uint tag) =>
        GetString(tag) is { Length: > 0 } text && double.TryParse(text.Split('\\')[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)
            ? d
            : null;

    private static bool LooksLikeDataset(byte[] bytes)
    {
        ushort group = BinaryPrimitives.ReadUInt16LittleEndian(bytes);
        ushort bigGroup = BinaryPrimitives.ReadUInt16BigEndian(bytes);
        return group is 0x0002 or 0x0008 || bigGroup is 0x0002 or 0x0008;
    }

    private static byte[] Inflate(byte[] bytes, int position)
    {
        const long limit = 1L << 30;
        using var input = new DeflateStream(new MemoryStream(bytes, position, bytes.Length - position), CompressionMode.Decompress);
        using var output = new MemoryStream();
        byte[] buffer = new byte[81920];
        int read;
        try
        {
            while ((read = input.Read(buffer)) > 0)
            {
                output.Write(buffer, 0, read);
                if (output.Length > limit)
                {
                    throw new InvalidDataException("the deflated dataset inflates beyond 1 GB (a decompression bomb?).");
                }
            }
        }
        catch (InvalidDataException e) when (!e.Message.Contains("1 GB", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"the deflated dataset is corrupt ({e.Message}).");
        }
        return output.ToArray();
    }

    /// <summary>Reads elements from <paramref name="position"/> to <paramref name="end"/>; returns where it stopped.</summary>
    private int ParseElements(byte[] bytes, int position, int end, bool explicitVr, bool bigEndian, int depth, ushort? stopOutsideGroup)
    {
        while (position < end)
        {
            if (end - position < 8)
            {
                throw new InvalidDataException($"truncated element header at byte {position}.");
            }
            // The meta group is parsed on its own (little endian); a dataset is all in its own byte order.
            bool groupBig = bigEndian;
            ushort group = Read16(bytes, position, groupBig);
            if (stopOutsideGroup is { } only && group != only)
            {
                return position;
            }
            ushort element = Read16(bytes, position + 2, groupBig);
            uint tag = ((uint)group << 16) | element;
            if (tag is ItemTag or ItemDelimiterTag or SequenceDelimiterTag)
            {
                throw new InvalidDataException($"unexpected item or delimiter tag at byte {position}.");
            }
            string? vr = null;
            uint length;
            int header;
            if (explicitVr || group == 0x0002)
            {
                vr = Encoding.ASCII.GetString(bytes, position + 4, 2);
                if (LongVrs.Contains(vr))
                {
                    if (end - position < 12)
                    {
                        throw new InvalidDataException($"truncated element header at byte {position}.");
                    }
                    length = Read32(bytes, position + 8, groupBig);
                    header = 12;
                }
                else
                {
                    length = Read16(bytes, position + 6, groupBig);
                    header = 8;
                }
            }
            else
            {
                length = Read32(bytes, position + 4, false);
                header = 8;
            }
            position += header;
            if (length == Undefined)
            {
                if (tag == PixelDataTag)
                {
                    position = ReadEncapsulated(bytes, position, end, groupBig);
                    continue;
                }
                // An undefined-length sequence (SQ, or UN holding an implicit-VR sequence): walk to its delimiter.
                position = SkipSequence(bytes, position, end, explicitVr && vr != "UN", groupBig, depth + 1);
                continue;
            }
            if (length > end - position)
            {
                throw new InvalidDataException($"element ({group:X4},{element:X4}) claims {length} bytes at byte {position}, but only {end - position} remain (truncated file?).");
            }
            byte[] value = bytes.AsSpan(position, (int)length).ToArray();
            if (tag == PixelDataTag)
            {
                PixelData = value;
            }
            else if (vr != "SQ")
            {
                _elements.TryAdd(tag, value);
            }
            position += (int)length;
        }
        return position;
    }

    private int SkipSequence(byte[] bytes, int position, int end, bool explicitVr, bool bigEndian, int depth)
    {
        if (depth > MaximumSequenceDepth)
        {
            throw new InvalidDataException($"sequences nested deeper than {MaximumSequenceDepth} levels (malformed or hostile file).");
        }
        while (true)
        {
            if (end - position < 8)
            {
                throw new InvalidDataException("a sequence has no delimiter before the end of the file.");
            }
            uint tag = ((uint)Read16(bytes, position, bigEndian) << 16) | Read16(bytes, position + 2, bigEndian);
            uint length = Read32(bytes, position + 4, bigEndian);
            position += 8;
            if (tag == SequenceDelimiterTag)
            {
                return position;
            }
            if (tag != ItemTag)
            {
                throw new InvalidDataException($"expected a sequence item at byte {position - 8}.");
            }
            if (length != Undefined)
            {
                if (length > end - position)
                {
                    throw new InvalidDataException("a sequence item runs past the end of the file.");
                }
                position += (int)length;
                continue;
            }
            position = SkipItem(bytes, position, end, explicitVr, bigEndian, depth);
        }
    }

    /// <summary>Walks an undefined-length item's elements (skipping their values) to its delimiter.</summary>
    private int SkipItem(byte[] bytes, int position, int end, bool explicitVr, bool bigEndian, int depth)
    {
        while (true)
        {
            if (end - position < 8)
            {
                throw new InvalidDataException("a sequence item has no delimiter before the end of the file.");
            }
            uint tag = ((uint)Read16(bytes, position, bigEndian) << 16) | Read16(bytes, position + 2, bigEndian);
            if (tag == ItemDelimiterTag)
            {
                return position + 8;
            }
            uint length;
            string? vr = null;
            if (explicitVr)
            {
                vr = Encoding.ASCII.GetString(bytes, position + 4, 2);
                if (LongVrs.Contains(vr))
                {
                    if (end - position < 12)
                    {
                        throw new InvalidDataException("truncated element header inside a sequence.");
                    }
                    length = Read32(bytes, position + 8, bigEndian);
                    position += 12;
                }
                else
                {
                    length = Read16(bytes, position + 6, bigEndian);
                    position += 8;
                }
            }
            else
            {
                length = Read32(bytes, position + 4, bigEndian);
                position += 8;
            }
            if (length == Undefined)
            {
                position = SkipSequence(bytes, position, end, explicitVr && vr != "UN", bigEndian, depth + 1);
                continue;
            }
            if (length > end - position)
            {
                throw new InvalidDataException("an element inside a sequence runs past the end of the file.");
            }
            position += (int)length;
        }
    }

    private int ReadEncapsulated(byte[] bytes, int position, int end, bool bigEndian)
    {
        var fragments = new List<byte[]>();
        bool first = true;
        while (true)
        {
            if (end - position < 8)
            {
                throw new InvalidDataException("encapsulated pixel data has no sequence delimiter (truncated file?).");
            }
            uint tag = ((uint)Read16(bytes, position, bigEndian) << 16) | Read16(bytes, position + 2, bigEndian);
            uint length = Read32(bytes, position + 4, bigEndian);
            position += 8;
            if (tag == SequenceDelimiterTag)
            {
                Fragments = fragments;
                return position;
            }
            if (tag != ItemTag || length == Undefined || length > end - position)
            {
                throw new InvalidDataException("malformed encapsulated pixel data (bad item or length past the end).");
            }
            byte[] value = bytes.AsSpan(position, (int)length).ToArray();
            position += (int)length;
            if (first)
            {
                OffsetTable = Enumerable.Range(0, value.Length / 4).Select(i => BinaryPrimitives.ReadUInt32LittleEndian(value.AsSpan(4 * i))).ToArray();
                first = false;
                continue;
            }
            fragments.Add(value);
        }
    }

    private static ushort Read16(byte[] b, int p, bool big) => big ? BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(p)) : BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(p));

    private static uint Read32(byte[] b, int p, bool big) => big ? BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(p)) : BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(p));
}
