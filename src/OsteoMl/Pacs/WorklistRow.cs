namespace OsteoMl.Pacs;

/// <summary>
/// One film the worker saw: its UIDs, the patient ID (the referral team needs it; the file is private), what happened
/// (<see cref="WorklistStatus"/>), why when it was not scored, and the result when it was.
/// </summary>
public sealed record WorklistRow(
    string StudyUid,
    string SopInstanceUid,
    string PatientId,
    WorklistStatus Status,
    string Reason,
    double? FusedProbability,
    double? ImageProbability,
    string Basis,
    bool? Flagged
);
