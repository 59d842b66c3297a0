using System.Globalization;
using OsteoMl.Dicom;
using OsteoMl.Tests.Workflows;

namespace OsteoMl.Tests.Pacs;

/// <summary>
/// DICOM films for the PACS worker's tests, made from the trained fixture's SYNTHETIC cohort: eligible DX chest films
/// (the cohort's 8-bit PNG pixels, so <c>predict</c> on the PNG is the reference), and one of each ineligible kind.
/// </summary>
internal sealed class ScreeningFilms
{
    private ScreeningFilms(
        IReadOnlyList<(string Png, byte[] Dicom, string SopUid)> eligible,
        IReadOnlyDictionary<string, (byte[] Dicom, string SopUid)> ineligible,
        (byte[] Dicom, string SopUid) broken
    )
    {
        Eligible = eligible;
        Ineligible = ineligible;
        Broken = broken;
    }

    /// <summary>Eligible films: the PNG they came from, the DICOM file, its SOP Instance UID.</summary>
    public IReadOnlyList<(string Png, byte[] Dicom, string SopUid)> Eligible { get; }

    /// <summary>One film per refusal, by the reason code it must get.</summary>
    public IReadOnlyDictionary<string, (byte[] Dicom, string SopUid)> Ineligible { get; }

    /// <summary>A DX chest film whose pixel data is shorter than its header says: an error row.</summary>
    public (byte[] Dicom, string SopUid) Broken { get; }

    public IEnumerable<byte[]> All =>
        [.. Eligible.Select(f => f.Dicom), .. Ineligible.Values.Select(f => f.Dicom), Broken.Dicom];

    public static ScreeningFilms From(TrainedModelFixture fixture, int count, string tag)
    {
        string[] rows = File.ReadAllLines(fixture.CsvPath);
        int image = Array.IndexOf(rows[0].Split(','), "image");
        var eligible = new List<(string, byte[], string)>();
        for (int i = 1; i <= count; i++)
        {
            string[] cells = rows[i].Split(',');
            string png = Path.Combine(fixture.CohortFolder, cells[image]);
            var picture = RadiographDescription.Read(png);
            var header = Header($"{tag}|{i}", cells[0]);
            eligible.Add(
                (
                    png,
                    DicomFilmWriter.ToBytes(header, picture.Pixels, picture.Width, picture.Height),
                    header.SopInstanceUid
                )
            );
        }
        var template = RadiographDescription.Read(eligible[0].Item1);
        (byte[], string) Film(string name, Func<DicomFilmHeader, DicomFilmHeader> change)
        {
            var header = change(Header($"{tag}|{name}", "SYN-X-" + name));
            return (
                DicomFilmWriter.ToBytes(header, template.Pixels, template.Width, template.Height),
                header.SopInstanceUid
            );
        }
        var ineligible = new Dictionary<string, (byte[], string)>
        {
            ["modality"] = Film("ct", h => h with { Modality = "CT", BodyPartExamined = "CHEST" }),
            ["view"] = Film("lateral", h => h with { ViewPosition = "LL" }),
            ["age-below-minimum"] = Film("young", h => h with { AgeYears = 30 }),
            ["secondary-capture"] = SecondaryCaptureRgb(Header($"{tag}|sc", "SYN-X-sc")),
        };
        var broken = Film("broken", h => h);
        return new ScreeningFilms(eligible, ineligible, (Truncate(broken.Item1), broken.Item2));
    }

    private static DicomFilmHeader Header(string name, string patientId) =>
        new()
        {
            PatientId = patientId,
            PatientName = "SYNTHETIC",
            PatientSex = "F",
            AgeYears = 65,
            StudyDate = "20260101",
            StudyInstanceUid = DicomUids.FromName(name + "|study"),
            SeriesInstanceUid = DicomUids.FromName(name + "|series"),
            SopInstanceUid = DicomUids.FromName(name),
        };

    /// <summary>An RGB Secondary Capture (a screenshot of a film), as a PACS holds many.</summary>
    private static (byte[], string) SecondaryCaptureRgb(DicomFilmHeader header)
    {
        var dataset = new DicomDataset()
            .Add(DicomTags.SopClassUid, DicomVr.UI, "1.2.840.10008.5.1.4.1.1.7")
            .Add(DicomTags.SopInstanceUid, DicomVr.UI, header.SopInstanceUid)
            .Add(DicomTags.StudyInstanceUid, DicomVr.UI, header.StudyInstanceUid)
            .Add(DicomTags.SeriesInstanceUid, DicomVr.UI, header.SeriesInstanceUid)
            .Add(DicomTags.Modality, DicomVr.CS, "DX")
            .Add(DicomTags.PatientId, DicomVr.LO, header.PatientId)
            .Add(DicomTags.PatientAge, DicomVr.AS, "065Y")
            .AddUInt16(DicomTags.SamplesPerPixel, 3)
            .Add(DicomTags.PhotometricInterpretation, DicomVr.CS, "RGB")
            .AddUInt16(0x00280006, 0) // Planar Configuration: interleaved
            .AddUInt16(DicomTags.Rows, 8)
            .AddUInt16(DicomTags.Columns, 8)
            .AddUInt16(DicomTags.BitsAllocated, 8)
            .AddUInt16(DicomTags.BitsStored, 8)
            .AddUInt16(DicomTags.HighBit, 7)
            .AddUInt16(DicomTags.PixelRepresentation, 0)
            .AddBytes(DicomTags.PixelData, new byte[8 * 8 * 3]);
        return (DicomDatasetWriter.ToBytes(dataset), header.SopInstanceUid);
    }

    /// <summary>The same file with its pixel data cut to half its length (the header still promises all of it).</summary>
    private static byte[] Truncate(byte[] file)
    {
        // Pixel Data is the last element: (7FE0,0010) OB, 2 reserved bytes, then a 4-byte length.
        int start = file.Length - 1;
        while (!(file[start] == 0xE0 && file[start + 1] == 0x7F && file[start + 2] == 0x10 && file[start + 3] == 0x00))
        {
            start--;
        }
        int length = BitConverter.ToInt32(file, start + 8);
        int kept = length / 2 + length / 2 % 2;
        byte[] cut = file[..(start + 12 + kept)];
        BitConverter.GetBytes(kept).CopyTo(cut, start + 8);
        return cut;
    }

    public static string Probability(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
