namespace OsteoMl.Data;

/// <summary>
/// One fold of one repeat of <see cref="PatientFolds"/>: the rows to fit on and the held-out rows it predicts.
/// </summary>
public sealed record PatientFold(int Repeat, int Index, int[] TrainRows, int[] HeldOutRows);
