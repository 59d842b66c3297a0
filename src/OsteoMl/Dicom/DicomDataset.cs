using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace OsteoMl.Dicom;

/// <summary>
/// A dataset to write: elements kept in ascending tag order, each value encoded and padded as it is added, so a value
/// that cannot be written fails here, at the line that added it. A sequence item is itself a dataset.
/// Text VRs (LO, SH, PN, LT, ST, UT, UC) are encoded as UTF-8; a dataset that holds non-ASCII text must declare
/// Specific Character Set "ISO_IR 192", which <see cref="DicomDatasetWriter"/> checks.
/// Error messages name the tag and VR, never the value: values here are often patient identifiers.
/// </summary>
public sealed class DicomDataset
{
    public const string Utf8CharacterSet = "ISO_IR 192";

    private readonly SortedList<uint, DicomElement> _elements = [];
    private bool _hasNonAsciiText;

    /// <summary>The elements in ascending tag order, the order they are written in.</summary>
    public IEnumerable<DicomElement> Elements => _elements.Values;

    /// <summary>Whether any text value here or in a nested item has a non-ASCII character.</summary>
    public bool HasNonAsciiText =>
        _hasNonAsciiText || _elements.Values.Any(e => e.Items.Any(item => item.HasNonAsciiText));

    /// <summary>
    /// Adds a string-valued element; null or "" writes an empty value (how a type 2 attribute says "unknown").
    /// Multiple values are separated by '\' as in DICOM.
    /// </summary>
    public DicomDataset Add(uint tag, DicomVr vr, string? value)
    {
        if (vr is DicomVr.SQ or DicomVr.US or DicomVr.OB or DicomVr.OW)
        {
            throw new ArgumentException($"{Describe(tag, vr)}: not a string VR.", nameof(vr));
        }
        string text = value ?? "";
        DicomValueRules.Check(tag, vr, text);
        _hasNonAsciiText |= !Ascii.IsValid(text);
        return Put(new DicomElement(tag, vr, Pad(Encoding.UTF8.GetBytes(text), vr), []));
    }

    public DicomDataset AddUInt16(uint tag, ushort value)
    {
        byte[] bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        return Put(new DicomElement(tag, DicomVr.US, bytes, []));
    }

    /// <summary>8-bit pixel data (OB, padded with a zero byte to even length).</summary>
    public DicomDataset AddBytes(uint tag, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return Put(new DicomElement(tag, DicomVr.OB, bytes.Length % 2 == 0 ? bytes : [.. bytes, 0], []));
    }

    /// <summary>16-bit pixel data (OW, little endian).</summary>
    public DicomDataset AddWords(uint tag, ushort[] words)
    {
        ArgumentNullException.ThrowIfNull(words);
        byte[] bytes = new byte[words.Length * 2];
        for (int i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), words[i]);
        }
        return Put(new DicomElement(tag, DicomVr.OW, bytes, []));
    }

    /// <summary>An IS (integer string) element.</summary>
    public DicomDataset AddInteger(uint tag, int value) =>
        Add(tag, DicomVr.IS, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// A DS (decimal string) element: the shortest round-trip form when it fits DS's 16 characters, otherwise as many
    /// significant digits as fit.
    /// </summary>
    public DicomDataset AddDecimal(uint tag, double value) => Add(tag, DicomVr.DS, FormatDecimal(value));

    /// <summary>A sequence of the given items (none: an empty sequence, how a type 2 sequence says "unknown").</summary>
    public DicomDataset AddSequence(uint tag, params IEnumerable<DicomDataset> items) =>
        Put(new DicomElement(tag, DicomVr.SQ, [], [.. items]));

    /// <summary>A string element's value without its padding, or null when the dataset has no such element.</summary>
    public string? GetString(uint tag) =>
        _elements.TryGetValue(tag, out DicomElement? element)
        && element.Vr is not (DicomVr.SQ or DicomVr.US or DicomVr.OB or DicomVr.OW)
            ? Encoding.UTF8.GetString(element.Value.Span).TrimEnd('\0', ' ')
            : null;

    internal static string FormatDecimal(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "a DS value must be finite.");
        }
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        for (int digits = 15; text.Length > DicomValueRules.DecimalStringLength; digits--)
        {
            text = value.ToString("G" + digits, CultureInfo.InvariantCulture);
        }
        return text;
    }

    private DicomDataset Put(DicomElement element)
    {
        if (!_elements.TryAdd(element.Tag, element))
        {
            throw new ArgumentException($"{element}: added twice.");
        }
        return this;
    }

    /// <summary>Values have even length: UI pads with NUL, every other string VR with a space (PS3.5 6.2).</summary>
    private static byte[] Pad(byte[] bytes, DicomVr vr) =>
        bytes.Length % 2 == 0 ? bytes : [.. bytes, vr == DicomVr.UI ? (byte)0 : (byte)' '];

    internal static string Describe(uint tag, DicomVr vr) => $"({tag >> 16:X4},{tag & 0xFFFF:X4}) {vr}";
}
