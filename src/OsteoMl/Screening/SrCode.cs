using OsteoMl.Dicom;

namespace OsteoMl.Screening;

/// <summary>A coded concept (code value, coding scheme designator, code meaning), as SR code sequences hold them.</summary>
internal readonly record struct SrCode(string Value, string Scheme, string Meaning)
{
    public DicomDataset ToItem() =>
        new DicomDataset()
            .Add(DicomTags.CodeValue, DicomVr.SH, Value)
            .Add(DicomTags.CodingSchemeDesignator, DicomVr.SH, Scheme)
            .Add(DicomTags.CodeMeaning, DicomVr.LO, Meaning);
}
