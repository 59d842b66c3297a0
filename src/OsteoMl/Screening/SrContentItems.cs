using OsteoMl.Dicom;

namespace OsteoMl.Screening;

/// <summary>
/// Builds SR content items (PS3.3 C.17.3): each is a sequence item with its relationship to its parent, its value
/// type, its concept name and its value, and, when it has children, a Content Sequence.
/// </summary>
internal static class SrContentItems
{
    public const string Contains = "CONTAINS";
    public const string InferredFrom = "INFERRED FROM";

    public static DicomDataset Num(string relationship, SrCode concept, double value, params DicomDataset[] children)
    {
        var measuredValue = new DicomDataset()
            .AddSequence(DicomTags.MeasurementUnitsCodeSequence, SrCodes.NoUnits.ToItem())
            .AddDecimal(DicomTags.NumericValue, value);
        return Item(relationship, "NUM", concept, children).AddSequence(DicomTags.MeasuredValueSequence, measuredValue);
    }

    public static DicomDataset Text(string relationship, SrCode concept, string text) =>
        Item(relationship, "TEXT", concept, []).Add(DicomTags.TextValue, DicomVr.UT, text);

    public static DicomDataset Code(string relationship, SrCode concept, SrCode value) =>
        Item(relationship, "CODE", concept, []).AddSequence(DicomTags.ConceptCodeSequence, value.ToItem());

    public static DicomDataset Image(string relationship, SrCode concept, string sopClassUid, string sopInstanceUid) =>
        Item(relationship, "IMAGE", concept, [])
            .AddSequence(DicomTags.ReferencedSopSequence, SopReference(sopClassUid, sopInstanceUid));

    public static DicomDataset SopReference(string sopClassUid, string sopInstanceUid) =>
        new DicomDataset()
            .Add(DicomTags.ReferencedSopClassUid, DicomVr.UI, sopClassUid)
            .Add(DicomTags.ReferencedSopInstanceUid, DicomVr.UI, sopInstanceUid);

    private static DicomDataset Item(string relationship, string valueType, SrCode concept, DicomDataset[] children)
    {
        var item = new DicomDataset()
            .Add(DicomTags.RelationshipType, DicomVr.CS, relationship)
            .Add(DicomTags.ValueType, DicomVr.CS, valueType)
            .AddSequence(DicomTags.ConceptNameCodeSequence, concept.ToItem());
        // Content Sequence is type 1C: present only when the item has children.
        return children.Length == 0 ? item : item.AddSequence(DicomTags.ContentSequence, children);
    }
}
