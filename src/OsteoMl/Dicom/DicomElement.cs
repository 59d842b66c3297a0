namespace OsteoMl.Dicom;

/// <summary>
/// One data element as it will be written: its tag, VR and either its encoded value (already padded to even length)
/// or, for a sequence, its items.
/// </summary>
public sealed class DicomElement
{
    internal DicomElement(uint tag, DicomVr vr, byte[] value, IReadOnlyList<DicomDataset> items)
    {
        Tag = tag;
        Vr = vr;
        Value = value;
        Items = items;
    }

    public uint Tag { get; }
    public DicomVr Vr { get; }

    /// <summary>The encoded value, even length; empty for a sequence.</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>A sequence's items; empty for any other VR.</summary>
    public IReadOnlyList<DicomDataset> Items { get; }

    public override string ToString() => $"({Tag >> 16:X4},{Tag & 0xFFFF:X4}) {Vr}";
}
