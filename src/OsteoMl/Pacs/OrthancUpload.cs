namespace OsteoMl.Pacs;

/// <summary>Orthanc's answer to an upload.</summary>
/// <param name="Id">The instance's Orthanc identifier.</param>
/// <param name="AlreadyStored">True when Orthanc held the same SOP instance before (it kept its copy).</param>
public sealed record OrthancUpload(string Id, bool AlreadyStored);
