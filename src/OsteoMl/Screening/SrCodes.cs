namespace OsteoMl.Screening;

/// <summary>
/// The codes the screening report uses. Standard DICOM (DCM) and UCUM codes where one means what we say; the
/// report-specific concepts have no standard code, so they come from a private coding scheme, "99OSTEOML" (PS3.16
/// 8.2: designators starting with "99" are private), which the report declares in its Coding Scheme Identification
/// Sequence.
/// </summary>
internal static class SrCodes
{
    public const string PrivateScheme = "99OSTEOML";

    public static readonly SrCode ReportTitle = Private("SCREENING", "Opportunistic osteoporosis screening report");
    public static readonly SrCode FusedProbability = Private("P-FUSED", "Fused osteoporosis probability");
    public static readonly SrCode ImageProbability = Private("P-IMAGE", "Image osteoporosis probability");
    public static readonly SrCode ClinicalProbability = Private("P-CLINICAL", "Clinical osteoporosis probability");
    public static readonly SrCode DecisionProbability = Private("P-DECISION", "Probability compared with threshold");
    public static readonly SrCode Threshold = Private("THRESHOLD", "Referral threshold");
    public static readonly SrCode Decision = Private("DECISION", "Screening decision");
    public static readonly SrCode Flagged = Private("FLAGGED", "flagged for DXA referral");
    public static readonly SrCode NotFlagged = Private("NOT-FLAGGED", "not flagged");
    public static readonly SrCode Basis = Private("BASIS", "Decision basis");
    public static readonly SrCode ModelHash = Private("MODEL-HASH", "Model hash");
    public static readonly SrCode IntendedUse = Private("INTENDED-USE", "Intended use limitation");

    public static readonly SrCode AlgorithmName = new("111001", "DCM", "Algorithm Name");
    public static readonly SrCode AlgorithmVersion = new("111003", "DCM", "Algorithm Version");
    public static readonly SrCode SourceOfMeasurement = new("121112", "DCM", "Source of Measurement");

    /// <summary>CID 7005: equipment that processed existing data (here, a model scoring a film).</summary>
    public static readonly SrCode ProcessingEquipment = new("109102", "DCM", "Processing Equipment");

    /// <summary>A probability is dimensionless; UCUM writes that as "1".</summary>
    public static readonly SrCode NoUnits = new("1", "UCUM", "no units");

    private static SrCode Private(string value, string meaning) => new(value, PrivateScheme, meaning);
}
