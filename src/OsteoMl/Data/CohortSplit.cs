namespace OsteoMl.Data;

/// <summary>Row indices of the train, validation and test parts of a patient-level split.</summary>
public sealed record CohortSplit(IReadOnlyList<int> Train, IReadOnlyList<int> Validation, IReadOnlyList<int> Test);
