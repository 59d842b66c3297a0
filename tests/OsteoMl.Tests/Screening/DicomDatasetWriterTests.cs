using System.Buffers.Binary;
using System.Text;
using OsteoMl.Dicom;

namespace OsteoMl.Tests.Screening;

public sealed class DicomDatasetWriterTests
{
    private const string SopInstance = "1.2.3.456"; // odd length: padded with a NUL

    private static DicomDataset Minimal() =>
        new DicomDataset()
            .Add(DicomTags.SopClassUid, DicomVr.UI, "1.2.840.10008.5.1.4.1.1.88.33")
            .Add(DicomTags.SopInstanceUid, DicomVr.UI, SopInstance);

    [Fact]
    public void Writes_preamble_marker_and_a_meta_group_whose_length_is_right()
    {
        byte[] bytes = DicomDatasetWriter.ToBytes(Minimal().Add(DicomTags.Modality, DicomVr.CS, "SR"));

        Assert.All(bytes[..128], b => Assert.Equal(0, b));
        Assert.Equal("DICM"u8.ToArray(), bytes[128..132]);
        Assert.Equal("\x02\x00\x00\x00UL\x04\x00"u8.ToArray(), bytes[132..140]);
        uint groupLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(140));
        int datasetStart = 144 + (int)groupLength;
        // The group length counts exactly up to the dataset's first element, (0008,0016).
        Assert.Equal([0x08, 0x00, 0x16, 0x00], bytes[datasetStart..(datasetStart + 4)]);

        var file = DicomFile.Parse(bytes);
        Assert.Equal(TransferSyntaxes.ExplicitLittleEndian, file.TransferSyntax);
        Assert.Equal("SR", file.GetString(DicomTags.Modality));
        Assert.Equal(SopInstance, file.GetString(DicomTags.SopInstanceUid));
    }

    [Fact]
    public void The_meta_group_repeats_the_sop_uids_and_names_the_writer()
    {
        byte[] bytes = DicomDatasetWriter.ToBytes(Minimal());
        byte[] meta = bytes[132..(144 + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(140)))];
        var group = DicomFile.Parse(meta);

        Assert.Equal([0x00, 0x01], group.Get(DicomTags.FileMetaInformationVersion));
        Assert.Equal("1.2.840.10008.5.1.4.1.1.88.33", group.GetString(DicomTags.MediaStorageSopClassUid));
        Assert.Equal(SopInstance, group.GetString(DicomTags.MediaStorageSopInstanceUid));
        Assert.Equal(TransferSyntaxes.ExplicitLittleEndian, group.GetString(DicomTags.TransferSyntaxUid));
        Assert.Equal(DicomDatasetWriter.ImplementationClassUid, group.GetString(DicomTags.ImplementationClassUid));
        Assert.StartsWith("OSTEOML_", group.GetString(DicomTags.ImplementationVersionName));
        Assert.True(DicomUids.IsValid(DicomDatasetWriter.ImplementationClassUid));
    }

    [Fact]
    public void Pads_uids_with_nul_and_text_with_space()
    {
        var file = DicomFile.Parse(
            DicomDatasetWriter.ToBytes(
                Minimal()
                    .Add(DicomTags.PatientName, DicomVr.PN, "Doe^Jo")
                    .Add(DicomTags.PatientId, DicomVr.LO, "ABC")
                    .Add(DicomTags.StudyId, DicomVr.SH, "")
                    .AddDecimal(DicomTags.NumericValue, 0.5)
            )
        );

        Assert.Equal("1.2.3.456\0"u8.ToArray(), file.Get(DicomTags.SopInstanceUid));
        Assert.Equal("Doe^Jo"u8.ToArray(), file.Get(DicomTags.PatientName));
        Assert.Equal("ABC "u8.ToArray(), file.Get(DicomTags.PatientId));
        Assert.Empty(file.Get(DicomTags.StudyId)!);
        Assert.Equal("0.5 "u8.ToArray(), file.Get(DicomTags.NumericValue));
    }

    [Fact]
    public void Writes_elements_in_ascending_tag_order_whatever_the_order_they_were_added_in()
    {
        var dataset = new DicomDataset()
            .Add(DicomTags.PatientId, DicomVr.LO, "P1")
            .Add(DicomTags.Modality, DicomVr.CS, "SR");

        Assert.Equal([DicomTags.Modality, DicomTags.PatientId], dataset.Elements.Select(e => e.Tag));
    }

    [Fact]
    public void Writes_nested_sequences_with_defined_lengths()
    {
        var code = new DicomDataset().Add(DicomTags.CodeValue, DicomVr.SH, "AB");
        var item = new DicomDataset().AddSequence(DicomTags.ConceptNameCodeSequence, code);
        var dataset = Minimal()
            .AddSequence(DicomTags.ContentSequence, item, new DicomDataset())
            .Add(DicomTags.TextValue, DicomVr.UT, "x");

        byte[] bytes = DicomDatasetWriter.ToBytes(dataset);

        byte[] expected = Convert.FromHexString(
            string.Concat(
                    "4000 30A7 5351 0000 2E000000", // (0040,A730) SQ, reserved, length (8 + 30) + (8 + 0)
                    "FEFF 00E0 1E000000", // item, length 30: a 12-byte header and 18 bytes
                    "4000 43A0 5351 0000 12000000", // (0040,A043) SQ, length 8 + 10
                    "FEFF 00E0 0A000000", // item, length 10
                    "0800 0001 5348 0200 4142", // (0008,0100) SH, length 2, "AB"
                    "FEFF 00E0 00000000" // the empty item
                )
                .Replace(" ", "")
        );
        Assert.True(IndexOf(bytes, expected) > 0, "the sequence is not encoded as expected");
        // A reader that skips the sequence by its length lands on the element after it.
        Assert.Equal("x", DicomFile.Parse(bytes).GetString(DicomTags.TextValue));
    }

    [Fact]
    public void Utf8_text_needs_the_utf8_character_set()
    {
        var dataset = Minimal().Add(DicomTags.PatientName, DicomVr.PN, "Müller^Jürgen");

        Assert.Throws<ArgumentException>(() => DicomDatasetWriter.ToBytes(dataset));

        dataset.Add(DicomTags.SpecificCharacterSet, DicomVr.CS, DicomDataset.Utf8CharacterSet);
        var file = DicomFile.Parse(DicomDatasetWriter.ToBytes(dataset));
        Assert.Equal("Müller^Jürgen", Encoding.UTF8.GetString(file.Get(DicomTags.PatientName)!).TrimEnd());
    }

    [Fact]
    public void Refuses_values_a_reader_would_reject_without_echoing_them()
    {
        const string secret = "PATIENT-ID-THAT-IS-FAR-TOO-LONG-FOR-A-SHORT-STRING";
        var tooLong = Assert.Throws<ArgumentException>(() =>
            new DicomDataset().Add(DicomTags.StudyId, DicomVr.SH, secret)
        );
        Assert.DoesNotContain(secret, tooLong.Message);
        Assert.Contains("(0020,0010) SH", tooLong.Message);

        Assert.Throws<ArgumentException>(() => new DicomDataset().Add(DicomTags.SopInstanceUid, DicomVr.UI, "1.02.3"));
        Assert.Throws<ArgumentException>(() => new DicomDataset().Add(DicomTags.PatientSex, DicomVr.CS, "Ö"));
        Assert.Throws<ArgumentException>(() => Minimal().Add(DicomTags.SopInstanceUid, DicomVr.UI, "1.2"));
        Assert.Throws<ArgumentException>(() =>
            DicomDatasetWriter.ToBytes(Minimal().Add(DicomTags.TransferSyntaxUid, DicomVr.UI, "1.2"))
        );
        Assert.Throws<ArgumentException>(() =>
            DicomDatasetWriter.ToBytes(new DicomDataset().Add(DicomTags.Modality, DicomVr.CS, "SR"))
        );
    }

    [Theory]
    [InlineData(0.5, "0.5")]
    [InlineData(0, "0")]
    [InlineData(1, "1")]
    [InlineData(0.1234567890123456789, "0.12345678901235")]
    [InlineData(1e-20, "1E-20")]
    [InlineData(-0.000123456789012345, "-0.000123456789")]
    public void Decimal_strings_fit_sixteen_characters(double value, string expected)
    {
        string text = DicomDataset.FormatDecimal(value);
        Assert.Equal(expected, text);
        Assert.True(text.Length <= 16);
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
