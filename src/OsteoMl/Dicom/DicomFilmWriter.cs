using System.Globalization;

namespace OsteoMl.Dicom;

/// <summary>
/// Writes a grayscale radiograph as a DICOM Digital X-Ray image (For Presentation), explicit VR little endian:
/// 8-bit pixels as stored, 16-bit pixels with all 16 bits stored and no VOI window, so any reader windows it the way
/// OsteoMl windows a 16-bit film (the 0.5–99.5th percentiles) and sees the same picture as from the PNG.
/// </summary>
public static class DicomFilmWriter
{
    /// <summary>Digital X-Ray Image Storage – For Presentation.</summary>
    public const string DigitalXRaySopClassUid = "1.2.840.10008.5.1.4.1.1.1.1";

    /// <summary>Computed Radiography Image Storage.</summary>
    public const string ComputedRadiographySopClassUid = "1.2.840.10008.5.1.4.1.1.1";

    public static byte[] ToBytes(DicomFilmHeader header, byte[] gray8, int width, int height) =>
        Write(
            header,
            width,
            height,
            8,
            gray8.Length == width * height ? d => d.AddBytes(DicomTags.PixelData, gray8) : null
        );

    public static byte[] ToBytes(DicomFilmHeader header, ushort[] gray16, int width, int height) =>
        Write(
            header,
            width,
            height,
            16,
            gray16.Length == width * height ? d => d.AddWords(DicomTags.PixelData, gray16) : null
        );

    private static byte[] Write(
        DicomFilmHeader header,
        int width,
        int height,
        int bits,
        Func<DicomDataset, DicomDataset>? addPixels
    )
    {
        ArgumentNullException.ThrowIfNull(header);
        if (addPixels is null)
        {
            throw new ArgumentException($"the pixels are not {width} × {height}.");
        }
        var dataset = Patient(header);
        Acquisition(dataset, header);
        Picture(dataset, width, height, bits);
        addPixels(dataset);
        return DicomDatasetWriter.ToBytes(dataset);
    }

    private static DicomDataset Patient(DicomFilmHeader header)
    {
        var dataset = new DicomDataset()
            .Add(
                DicomTags.SopClassUid,
                DicomVr.UI,
                header.Modality == "CR" ? ComputedRadiographySopClassUid : DigitalXRaySopClassUid
            )
            .Add(DicomTags.SopInstanceUid, DicomVr.UI, header.SopInstanceUid)
            .Add(DicomTags.StudyInstanceUid, DicomVr.UI, header.StudyInstanceUid)
            .Add(DicomTags.SeriesInstanceUid, DicomVr.UI, header.SeriesInstanceUid)
            .Add(DicomTags.PatientId, DicomVr.LO, header.PatientId)
            .Add(DicomTags.PatientName, DicomVr.PN, header.PatientName)
            .Add(DicomTags.PatientSex, DicomVr.CS, header.PatientSex)
            .Add(
                DicomTags.PatientAge,
                DicomVr.AS,
                header.AgeYears is { } age ? age.ToString("000", CultureInfo.InvariantCulture) + "Y" : null
            )
            .Add(DicomTags.PatientBirthDate, DicomVr.DA, null)
            .Add(DicomTags.StudyDate, DicomVr.DA, header.StudyDate)
            .Add(DicomTags.StudyTime, DicomVr.TM, null)
            .Add(DicomTags.StudyId, DicomVr.SH, null)
            .Add(DicomTags.AccessionNumber, DicomVr.SH, null)
            .Add(DicomTags.ReferringPhysicianName, DicomVr.PN, null);
        return dataset;
    }

    private static void Acquisition(DicomDataset dataset, DicomFilmHeader header)
    {
        dataset
            .Add(DicomTags.ImageType, DicomVr.CS, header.ImageType)
            .Add(DicomTags.Modality, DicomVr.CS, header.Modality)
            .Add(DicomTags.Manufacturer, DicomVr.LO, null)
            .Add(DicomTags.BodyPartExamined, DicomVr.CS, header.BodyPartExamined)
            .Add(DicomTags.ViewPosition, DicomVr.CS, header.ViewPosition)
            .Add(DicomTags.SeriesNumber, DicomVr.IS, "1")
            .Add(DicomTags.InstanceNumber, DicomVr.IS, "1")
            .Add(DicomTags.PatientOrientation, DicomVr.CS, null)
            .Add(DicomTags.ImageComments, DicomVr.LT, header.ImageComments);
        if (header.PixelSpacingMm is { } spacing)
        {
            string pair = DicomDataset.FormatDecimal(spacing) + "\\" + DicomDataset.FormatDecimal(spacing);
            dataset.Add(DicomTags.ImagerPixelSpacing, DicomVr.DS, pair).Add(DicomTags.PixelSpacing, DicomVr.DS, pair);
        }
    }

    private static void Picture(DicomDataset dataset, int width, int height, int bits) =>
        dataset
            .AddUInt16(DicomTags.SamplesPerPixel, 1)
            .Add(DicomTags.PhotometricInterpretation, DicomVr.CS, "MONOCHROME2")
            .AddUInt16(DicomTags.Rows, checked((ushort)height))
            .AddUInt16(DicomTags.Columns, checked((ushort)width))
            .AddUInt16(DicomTags.BitsAllocated, (ushort)bits)
            .AddUInt16(DicomTags.BitsStored, (ushort)bits)
            .AddUInt16(DicomTags.HighBit, (ushort)(bits - 1))
            .AddUInt16(DicomTags.PixelRepresentation, 0)
            .Add(DicomTags.BurnedInAnnotation, DicomVr.CS, "NO")
            .Add(DicomTags.PresentationLutShape, DicomVr.CS, "IDENTITY");
}
