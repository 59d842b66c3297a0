namespace OsteoMl.Monitoring;

/// <summary>
/// Accumulates scored patients one at a time (thread-safe: a web service's request threads may all add) and reports
/// drift against a zip's reference on demand. Memory is the bin counts plus, for labelled rows only, the decided
/// probability and the label. <c>osteoml monitor</c> feeds a whole file through one window, so a service and the verb
/// report the same numbers for the same rows.
/// </summary>
public sealed class DriftWindow
{
    private readonly object _gate = new();
    private readonly DriftReference _reference;
    private readonly DriftThresholds _thresholds;
    private readonly int[][] _inputs;
    private readonly int[][] _scores;
    private readonly int[][] _embedding;
    private readonly List<(double Probability, bool Label)> _labelled = [];
    private int _rows;
    private int _rowsWithInputs;
    private int _flagged;

    public DriftWindow(DriftReference reference, DriftThresholds? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        _reference = reference;
        _thresholds = thresholds ?? DriftThresholds.Default;
        _inputs = [.. reference.Inputs.Select(h => new int[h.Bins.Count])];
        _scores = [.. reference.Scores.Select(h => new int[h.Bins.Count])];
        _embedding = [.. EmbeddingHistograms.Select(h => new int[h.Bins.Count])];
    }

    /// <summary>The zip's embedding column the reference projects (null: none monitored); pass it to the scorer.</summary>
    public string? EmbeddingColumn => _reference.Embedding?.Column;

    /// <summary>Patients added so far.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _rows;
            }
        }
    }

    public void Add(MonitoredRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        // Bins are found outside the lock; only the increments are serialised.
        int[]? inputBins = row.Clinical is { } clinical
            ? [.. _reference.Inputs.Select(h => h.BinOf(clinical.GetValueOrDefault(h.Name)))]
            : null;
        int[] scoreBins =
        [
            .. _reference.Scores.Select(h => double.IsNaN(row.Score(h.Name)) ? -1 : h.BinOf(row.Score(h.Name))),
        ];
        int[]? embeddingBins = EmbeddingBins(row);
        double decided = row.Score(_reference.DecidedScore);
        lock (_gate)
        {
            _rows++;
            _flagged += row.Predicted ? 1 : 0;
            if (inputBins is not null)
            {
                _rowsWithInputs++;
                for (int i = 0; i < inputBins.Length; i++)
                {
                    _inputs[i][inputBins[i]]++;
                }
            }
            for (int i = 0; i < scoreBins.Length; i++)
            {
                if (scoreBins[i] >= 0)
                {
                    _scores[i][scoreBins[i]]++;
                }
            }
            for (int i = 0; embeddingBins is not null && i < embeddingBins.Length; i++)
            {
                _embedding[i][embeddingBins[i]]++;
            }
            if (row.Label is { } label && !double.IsNaN(decided))
            {
                _labelled.Add((decided, label));
            }
        }
    }

    /// <summary>The report on every patient added so far.</summary>
    public DriftReport Report()
    {
        int[][] inputs,
            scores,
            embedding;
        (double, bool)[] labelled;
        int rows,
            rowsWithInputs,
            flagged;
        lock (_gate)
        {
            inputs = [.. _inputs.Select(c => (int[])c.Clone())];
            scores = [.. _scores.Select(c => (int[])c.Clone())];
            embedding = [.. _embedding.Select(c => (int[])c.Clone())];
            labelled = [.. _labelled];
            (rows, rowsWithInputs, flagged) = (_rows, _rowsWithInputs, _flagged);
        }
        return DriftComparison.Compare(
            _reference,
            _thresholds,
            new DriftCounts(rows, rowsWithInputs, flagged, inputs, scores, embedding, labelled)
        );
    }

    private IReadOnlyList<DriftHistogram> EmbeddingHistograms => _reference.Embedding?.Histograms ?? [];

    /// <summary>The bins of the row's embedding projections; null without an embedding (or of another length).</summary>
    private int[]? EmbeddingBins(MonitoredRow row) =>
        row.Embedding is { } embedding && _reference.Embedding?.Project(embedding) is { } projection
            ? [.. EmbeddingHistograms.Select((h, i) => h.BinOf(projection[i]))]
            : null;
}
