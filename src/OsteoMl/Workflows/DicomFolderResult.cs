namespace OsteoMl.Workflows;

/// <summary>What one <see cref="DicomFolderScoring"/> run wrote: films by status, and how many were flagged.</summary>
public sealed record DicomFolderResult(int Scored, int Flagged, int ImageOnly, int Ineligible, int Errors)
{
    public int Films => Scored + Ineligible + Errors;
}
