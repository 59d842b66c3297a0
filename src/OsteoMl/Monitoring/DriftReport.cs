namespace OsteoMl.Monitoring;

/// <summary>
/// A monitoring window against a zip's <see cref="DriftReference"/>: every input's and score's distribution, the
/// flagged rate and, with labels, discrimination and calibration. <see cref="Alarms"/> is empty when nothing
/// drifted.
/// </summary>
public sealed record DriftReport
{
    /// <summary>Rows (patients) in the window, and how many of them carried clinical inputs and labels.</summary>
    public required int Rows { get; init; }
    public required int RowsWithInputs { get; init; }
    public required int RowsWithLabels { get; init; }
    public required IReadOnlyList<DriftStatistic> Inputs { get; init; }
    public required IReadOnlyList<DriftStatistic> Scores { get; init; }

    /// <summary>The image embedding's principal-component projections (empty: a tabular zip or a schema-1 reference).</summary>
    public IReadOnlyList<DriftStatistic> Embedding { get; init; } = [];
    public FlaggedRateDrift? FlaggedRate { get; init; }

    /// <summary>Null without enough labelled rows (<see cref="DriftThresholds.MinimumPerClass"/> of each class).</summary>
    public LabelledDrift? Labelled { get; init; }
    public required IReadOnlyList<DriftAlarm> Alarms { get; init; }

    /// <summary>The significance level each distribution test used (family alpha over the number of tests).</summary>
    public required double TestAlpha { get; init; }
    public required DriftThresholds Thresholds { get; init; }
    public IReadOnlyList<string> Notes { get; init; } = [];
}
