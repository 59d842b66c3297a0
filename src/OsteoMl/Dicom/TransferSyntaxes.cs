namespace OsteoMl.Dicom;

/// <summary>Transfer syntax UIDs: the ones OsteoMl decodes, and clear names for the ones it refuses.</summary>
public static class TransferSyntaxes
{
    public const string ImplicitLittleEndian = "1.2.840.10008.1.2";
    public const string ExplicitLittleEndian = "1.2.840.10008.1.2.1";
    public const string DeflatedExplicitLittleEndian = "1.2.840.10008.1.2.1.99";
    public const string ExplicitBigEndian = "1.2.840.10008.1.2.2";
    public const string RleLossless = "1.2.840.10008.1.2.5";
    public const string JpegBaseline = "1.2.840.10008.1.2.4.50";
    public const string JpegLossless = "1.2.840.10008.1.2.4.57";
    public const string JpegLosslessSv1 = "1.2.840.10008.1.2.4.70";

    private static readonly Dictionary<string, string> Names = new()
    {
        [ImplicitLittleEndian] = "Implicit VR Little Endian",
        [ExplicitLittleEndian] = "Explicit VR Little Endian",
        [DeflatedExplicitLittleEndian] = "Deflated Explicit VR Little Endian",
        [ExplicitBigEndian] = "Explicit VR Big Endian",
        [RleLossless] = "RLE Lossless",
        ["1.2.840.10008.1.2.4.50"] = "JPEG Baseline (Process 1)",
        ["1.2.840.10008.1.2.4.51"] = "JPEG Extended (Process 2 & 4)",
        ["1.2.840.10008.1.2.4.57"] = "JPEG Lossless, Non-Hierarchical (Process 14)",
        ["1.2.840.10008.1.2.4.70"] = "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, SV1)",
        ["1.2.840.10008.1.2.4.80"] = "JPEG-LS Lossless",
        ["1.2.840.10008.1.2.4.81"] = "JPEG-LS Lossy (Near-Lossless)",
        ["1.2.840.10008.1.2.4.90"] = "JPEG 2000 Image Compression (Lossless Only)",
        ["1.2.840.10008.1.2.4.91"] = "JPEG 2000 Image Compression",
    };

    private static readonly HashSet<string> Supported =
    [
        ImplicitLittleEndian,
        ExplicitLittleEndian,
        DeflatedExplicitLittleEndian,
        ExplicitBigEndian,
        RleLossless,
        JpegBaseline,
        JpegLossless,
        JpegLosslessSv1,
    ];

    public static string Name(string uid) =>
        Names.TryGetValue(uid, out string? name) ? name : $"unknown transfer syntax {uid}";

    public static bool IsSupported(string uid, out string? problem)
    {
        problem = Supported.Contains(uid)
            ? null
            : $"unsupported transfer syntax {Name(uid)} ({uid}); convert the file to an uncompressed syntax first "
                + $"(e.g. dcmtk's dcmdjpls or dcmdjp2k).";
        return problem is null;
    }
}
