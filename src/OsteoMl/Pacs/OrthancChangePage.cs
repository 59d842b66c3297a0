namespace OsteoMl.Pacs;

/// <summary>One page of Orthanc's change feed.</summary>
/// <param name="Done">True when the page reached the end of the feed (no need to ask again right away).</param>
/// <param name="Last">The <c>since</c> for the next page: the last entry's Seq.</param>
public sealed record OrthancChangePage(IReadOnlyList<OrthancChange> Changes, bool Done, long Last);
