namespace OsteoMl.Pacs;

/// <summary>One entry of Orthanc's change feed (<c>GET /changes</c>).</summary>
/// <param name="Seq">The feed position; resume with <c>since = Seq</c> to get the entries after it.</param>
/// <param name="ChangeType">E.g. <c>NewInstance</c>, <c>StableStudy</c>.</param>
/// <param name="ResourceType">E.g. <c>Instance</c>, <c>Study</c>.</param>
/// <param name="Id">The resource's Orthanc identifier.</param>
public sealed record OrthancChange(long Seq, string ChangeType, string ResourceType, string Id)
{
    public const string NewInstance = "NewInstance";

    public bool IsNewInstance => ChangeType == NewInstance;
}
