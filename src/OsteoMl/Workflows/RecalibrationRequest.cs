using OsteoMl.Data;
using OsteoMl.Evaluation;

namespace OsteoMl.Workflows;

/// <summary>A local recalibration: a trained zip, a labelled local cohort, and where the updated zip goes.</summary>
public sealed record RecalibrationRequest
{
    public required string ModelPath { get; init; }
    public required string DataPath { get; init; }
    public required string OutputModelPath { get; init; }
    public CohortOptions Cohort { get; init; } = new();

    /// <summary>How the new threshold is chosen on the cross-validated recalibrated probabilities.</summary>
    public OperatingPoint OperatingPoint { get; init; } = OperatingPoint.Youden;

    /// <summary>Patient-grouped folds for the honest before/after estimate.</summary>
    public int Folds { get; init; } = 5;

    public int Seed { get; init; } = 42;

    /// <summary>Refuse category values the model never saw instead of warning about them.</summary>
    public bool Strict { get; init; }

    public OsteoMl.Imaging.ComputeDevice Device { get; init; } = OsteoMl.Imaging.ComputeDevice.Cpu;
}
