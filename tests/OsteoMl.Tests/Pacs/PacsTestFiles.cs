using OsteoMl.Tests.Dicom;

namespace OsteoMl.Tests.Pacs;

/// <summary>Small 16-bit radiographs with fresh UIDs, so that each test's instances are its own.</summary>
internal static class PacsTestFiles
{
    public const int Width = 48;
    public const int Height = 40;

    public static (byte[] File, string SopInstanceUid) Radiograph()
    {
        // 2.25 + a UUID as a decimal integer: the DICOM standard's way to make a UID without a registered root.
        string stem = "2.25." + new System.Numerics.BigInteger(Guid.NewGuid().ToByteArray(), isUnsigned: true);
        string sopUid = stem[..Math.Min(stem.Length, 60)];
        var pixels = new ushort[Width * Height];
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = (ushort)((i * 37 + i / Width * 101) % 4096); // 12 bits stored, varied enough for a codec
        byte[] file = DicomWriter.SixteenBit(pixels, Width, Height, sopUid + ".1", sopUid + ".2", sopUid + ".3");
        return (file, sopUid + ".3");
    }
}
