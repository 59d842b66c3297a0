namespace OsteoMl.Model;

/// <summary>What an evaluated cohort shares with the model's training CSV (from <see cref="TrainingFingerprints"/>).</summary>
/// <param name="EvaluatedPatients">Distinct patients in the evaluated cohort.</param>
/// <param name="FittedPatients">Of them, patients the saved model was fitted on; null when ids cannot be compared.</param>
/// <param name="HeldOutPatients">Of them, training-CSV patients held out from fitting (validation or test split).</param>
/// <param name="Films">Evaluated films with the same content as a training film; null without images on both sides.</param>
public sealed record TrainingOverlap(int EvaluatedPatients, int? FittedPatients, int? HeldOutPatients, int? Films)
{
    /// <summary>Evaluated patients who are in the training CSV; null when ids cannot be compared.</summary>
    public int? Patients => FittedPatients + HeldOutPatients;

    /// <summary>Whether any patient or film of the evaluated cohort was part of training.</summary>
    public bool Any => Patients > 0 || Films > 0;
}
