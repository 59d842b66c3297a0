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
    private const uint PixelDataTag = 0x7FE00010,
        ItemTag = 0xFFFEE000,
        ItemDelimiterTag = 0xFFFEE00D,
        SequenceDelimiterTag = 0xFFFEE0DD;
    private const uint Undefined = 0xFFFFFFFF;
    private static readonly HashSet<string> LongVrs =
    [
        "OB",
        "OD",
        "OF",
        "OL",
        "OV",
        "OW",
        "SQ",
        "UC",
        "UR",
        "UT",
        "UN",
        "SV",
        "UV",
    ];

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

    public static DicomFile Parse(byte[] bytes) => Parse(bytes, requireDecodable: true);

    /// <summary>
    /// The attributes of a file whose pixels OsteoMl may not decode (JPEG 2000, JPEG-LS…): every encapsulated transfer
    /// syntax encodes its dataset as explicit VR little endian, so the header reads the same, and whoever screens the
    /// film can refuse it with a reason instead of failing on the pixels.
    /// </summary>
    public static DicomFile ParseAttributes(byte[] bytes) => Parse(bytes, requireDecodable: false);

    private static DicomFile Parse(byte[] bytes, bool requireDecodable)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        int position = 0;
        string syntax;
        if (bytes.Length >= 132 && bytes[128] == 'D' && bytes[129] == 'I' && bytes[130] == 'C' && bytes[131] == 'M')
        {
            position = 132;
            var meta = new DicomFile(TransferSyntaxes.ExplicitLittleEndian);
            // The file meta group is always explicit VR little endian; it ends where group 0002 ends.
            position = meta.ParseElements(
                bytes,
                position,
                bytes.Length,
                explicitVr: true,
                bigEndian: false,
                depth: 0,
                stopOutsideGroup: 0x0002
            );
            syntax =
                meta.GetString(0x00020010)
                ?? throw new InvalidDataException("the file meta information has no transfer syntax (0002,0010).");
        }
        else if (bytes.Length >= 8 && LooksLikeDataset(bytes))
        {
            // No preamble: guess the encoding from the first element (explicit VR has two letters where a length would
            // be).
            bool explicitVr = char.IsAsciiLetterUpper((char)bytes[4]) && char.IsAsciiLetterUpper((char)bytes[5]);
            bool bigEndian = explicitVr && bytes[0] == 0x00 && bytes[1] == 0x08;
            syntax =
                !explicitVr ? TransferSyntaxes.ImplicitLittleEndian
                : bigEndian ? TransferSyntaxes.ExplicitBigEndian
                : TransferSyntaxes.ExplicitLittleEndian;
        }
        else
        {
            throw new InvalidDataException(
                "not a DICOM file (no 'DICM' marker after the 128-byte preamble, and it does not start like a dataset)."
            );
        }

        if (!TransferSyntaxes.IsSupported(syntax, out string? problem) && requireDecodable)
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
        file.ParseElements(
            body,
            position,
            end,
            explicitVr: syntax != TransferSyntaxes.ImplicitLittleEndian,
            file.BigEndian,
            depth: 0,
            stopOutsideGroup: null
        );
        return file;
    }

    public byte[]? Get(uint tag) => _elements.GetValueOrDefault(tag);

    public string? GetString(uint tag) =>
        _elements.TryGetValue(tag, out byte[]? value)
            ? Encoding.ASCII.GetString(value).TrimEnd('\0', ' ').Trim()
            : null;

    public ushort? GetUInt16(uint tag) =>
        _elements.TryGetValue(tag, out byte[]? v) && v.Length >= 2
            ? (BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(v) : BinaryPrimitives.ReadUInt16LittleEndian(v))
            : null;

    /// <summary>A decimal or integer string's first value (DS/IS may hold several, separated by '\').</summary>
    public double? GetNumber(uint tag) =>
        GetString(tag) is { Length: > 0 } text
        && double.TryParse(
            text.Split('\\')[0],
            System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture,
            out double d
        )
        && double.IsFinite(d)
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
        using var input = new DeflateStream(
            new MemoryStream(bytes, position, bytes.Length - position),
            CompressionMode.Decompress
        );
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
                    throw new InvalidDataException(
                        "the deflated dataset inflates beyond 1 GB (a decompression bomb?)."
                    );
                }
            }
        }
        catch (InvalidDataException e) when (!e.Message.Contains("1 GB", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"the deflated dataset is corrupt ({e.Message}).");
        }
        return output.ToArray();
    }

    /// <summary>
    /// Reads elements from <paramref name="position"/> to <paramref name="end"/>; returns where it stopped.
    /// </summary>
    private int ParseElements(
        byte[] bytes,
        int position,
        int end,
        bool explicitVr,
        bool bigEndian,
        int depth,
        ushort? stopOutsideGroup
    )
    {
        while (position < end)
        {
            // The meta group ends where another group starts; that element's header is in the dataset's own encoding
            // (implicit VR, deflated…), so look at its group before decoding anything else.
            if (stopOutsideGroup is { } only && (end - position < 2 || Read16(bytes, position, bigEndian) != only))
            {
                return position;
            }
            var header = ReadHeader(bytes, position, end, explicitVr, bigEndian);
            if (header.Tag >> 16 == 0xFFFE)
            {
                throw new InvalidDataException($"unexpected item or delimiter tag at byte {position}.");
            }
            position += header.Size;
            if (header.Length == Undefined)
            {
                position =
                    header.Tag == PixelDataTag
                        ? ReadEncapsulated(bytes, position, end, bigEndian)
                        // An undefined-length sequence (SQ, or UN holding an implicit-VR sequence): walk to its
                        // delimiter.
                        : SkipSequence(bytes, position, end, explicitVr && header.Vr != "UN", bigEndian, depth + 1);
                continue;
            }
            byte[] value = bytes.AsSpan(position, (int)header.Length).ToArray();
            if (header.Tag == PixelDataTag)
            {
                PixelData = value;
            }
            else if (header.Vr != "SQ")
            {
                _elements.TryAdd(header.Tag, value);
            }
            position += (int)header.Length;
        }
        return position;
    }

    private int SkipSequence(byte[] bytes, int position, int end, bool explicitVr, bool bigEndian, int depth)
    {
        if (depth > MaximumSequenceDepth)
        {
            throw new InvalidDataException(
                $"sequences nested deeper than {MaximumSequenceDepth} levels (malformed or hostile file)."
            );
        }
        while (true)
        {
            var item = ReadHeader(bytes, position, end, explicitVr, bigEndian);
            position += item.Size;
            if (item.Tag == SequenceDelimiterTag)
            {
                return position;
            }
            if (item.Tag != ItemTag)
            {
                throw new InvalidDataException($"expected a sequence item at byte {position - item.Size}.");
            }
            position =
                item.Length == Undefined
                    ? SkipItem(bytes, position, end, explicitVr, bigEndian, depth)
                    : position + (int)item.Length;
        }
    }

    /// <summary>Walks an undefined-length item's elements (skipping their values) to its delimiter.</summary>
    private int SkipItem(byte[] bytes, int position, int end, bool explicitVr, bool bigEndian, int depth)
    {
        while (true)
        {
            var header = ReadHeader(bytes, position, end, explicitVr, bigEndian);
            position += header.Size;
            if (header.Tag == ItemDelimiterTag)
            {
                return position;
            }
            position =
                header.Length == Undefined
                    ? SkipSequence(bytes, position, end, explicitVr && header.Vr != "UN", bigEndian, depth + 1)
                    : position + (int)header.Length;
        }
    }

    private int ReadEncapsulated(byte[] bytes, int position, int end, bool bigEndian)
    {
        var fragments = new List<byte[]>();
        bool first = true;
        while (true)
        {
            var item = ReadHeader(bytes, position, end, explicitVr: true, bigEndian);
            position += item.Size;
            if (item.Tag == SequenceDelimiterTag)
            {
                Fragments = fragments;
                return position;
            }
            if (item.Tag != ItemTag || item.Length == Undefined)
            {
                throw new InvalidDataException("malformed encapsulated pixel data (an item that is not a fragment).");
            }
            byte[] value = bytes.AsSpan(position, (int)item.Length).ToArray();
            position += (int)item.Length;
            if (first)
            {
                OffsetTable = Enumerable
                    .Range(0, value.Length / 4)
                    .Select(i => BinaryPrimitives.ReadUInt32LittleEndian(value.AsSpan(4 * i)))
                    .ToArray();
                first = false;
                continue;
            }
            fragments.Add(value);
        }
    }

    /// <summary>
    /// An element, item or delimiter header: its tag, VR (explicit encodings), value length and own size.
    /// </summary>
    private readonly record struct ElementHeader(uint Tag, string? Vr, uint Length, int Size);

    /// <summary>
    /// Decodes the header at <paramref name="position"/>: items and delimiters (group FFFE) are tag + 4-byte length;
    /// explicit VR has a 2- or 4-byte length after the VR; implicit VR (always little endian) a 4-byte length. A
    /// defined
    /// length that runs past <paramref name="end"/> is refused here, once for every reader.
    /// </summary>
    private static ElementHeader ReadHeader(byte[] bytes, int position, int end, bool explicitVr, bool bigEndian)
    {
        if (end - position < 8)
        {
            throw new InvalidDataException(
                $"truncated element header at byte {position} (a sequence or item without its delimiter?)."
            );
        }
        ushort group = Read16(bytes, position, bigEndian);
        uint tag = ((uint)group << 16) | Read16(bytes, position + 2, bigEndian);
        string? vr = null;
        uint length;
        int size = 8;
        if (group == 0xFFFE)
        {
            length = Read32(bytes, position + 4, bigEndian);
        }
        else if (explicitVr || group == 0x0002)
        {
            vr = Encoding.ASCII.GetString(bytes, position + 4, 2);
            if (LongVrs.Contains(vr))
            {
                if (end - position < 12)
                {
                    throw new InvalidDataException($"truncated element header at byte {position}.");
                }
                length = Read32(bytes, position + 8, bigEndian);
                size = 12;
            }
            else
            {
                length = Read16(bytes, position + 6, bigEndian);
            }
        }
        else
        {
            length = Read32(bytes, position + 4, false);
        }
        if (length != Undefined && length > end - position - size)
        {
            throw new InvalidDataException(
                $"({tag >> 16:X4},{tag & 0xFFFF:X4}) at byte {position} claims {length} bytes, but only "
                    + $"{end - position - size} remain (truncated file?)."
            );
        }
        return new ElementHeader(tag, vr, length, size);
    }

    private static ushort Read16(byte[] b, int p, bool big) =>
        big ? BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(p)) : BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(p));

    private static uint Read32(byte[] b, int p, bool big) =>
        big ? BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(p)) : BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(p));
}
