using OsteoMl.Evaluation;

namespace OsteoMl.Workflows;

/// <summary>
/// What a local recalibration changed, measured honestly: <see cref="Before"/> is the saved model at its frozen
/// threshold on the local rows; <see cref="After"/> is the recalibration fitted on the other folds' patients and its
/// threshold chosen on them, scored on each fold's (patient-grouped cross-validation), so neither number is fitted to
/// the rows it describes. <see cref="Recalibration"/> and <see cref="Threshold"/> are then fitted on every row.
/// </summary>
public sealed record RecalibrationResult(
    string Model,
    BinaryMetrics Before,
    BinaryMetrics After,
    LogisticRecalibration Recalibration,
    double Threshold,
    int Rows,
    int Patients,
    IReadOnlyList<string> Warnings
);
