namespace OsteoMl.Data;

/// <summary>
/// The cross-validation folds of one run, fixed once and shared by every stage that cross-fits: the AutoML
/// searches, the image network's fold networks, the fusion search and the stack. Patient-grouped (all rows of a
/// patient in one fold) and label-stratified; optionally repeated with new seeds, so that small training sets get
/// more than one held-out prediction per row. Rows are positions in the list of patient ids it was made from, and
/// every consumer checks that its data are those rows in that order.
/// </summary>
public sealed class PatientFolds
{
    private readonly int[][] _assignments;

    private PatientFolds(IReadOnlyList<string> patientIds, int count, int[][] assignments)
    {
        PatientIds = patientIds;
        Count = count;
        _assignments = assignments;
    }

    /// <summary>The patient id of each row, in row order.</summary>
    public IReadOnlyList<string> PatientIds { get; }

    /// <summary>Folds per repeat (k).</summary>
    public int Count { get; }

    public int Repeats => _assignments.Length;

    public int RowCount => PatientIds.Count;

    /// <summary>
    /// Held-out rows over training rows, averaged over the folds (about 1/(k − 1)): the overlap term of the corrected
    /// standard error of a mean fold difference.
    /// </summary>
    public double TestToTrainRatio => All().Average(f => (double)f.HeldOutRows.Length / f.TrainRows.Length);

    /// <summary>The test-to-train ratio of k equal folds, for a run recorded only by its fold count.</summary>
    public static double TestToTrainRatioOf(int folds) => 1.0 / Math.Max(1, folds - 1);

    public const int MaximumRepeats = 10;

    /// <summary>
    /// Repeats for a training set of <paramref name="rows"/>: enough for about 1000 held-out predictions, at least 3
    /// below 1000 rows (a single 5-fold split of a small table ranks hundreds of trials mostly by its own noise), at
    /// most <see cref="MaximumRepeats"/>.
    /// </summary>
    public static int RepeatsFor(int rows) =>
        rows >= 1000 ? 1 : Math.Clamp((int)Math.Ceiling(1000.0 / Math.Max(1, rows)), 3, MaximumRepeats);

    /// <summary>
    /// k folds, repeated <paramref name="repeats"/> times; repeat r deals the patients with seed + r.
    /// </summary>
    public static PatientFolds Create(
        IReadOnlyList<string> patientIds,
        IReadOnlyList<bool> labels,
        int folds,
        int seed,
        int repeats = 1
    )
    {
        ArgumentNullException.ThrowIfNull(patientIds);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        int[][] assignments =
        [
            .. Enumerable
                .Range(0, repeats)
                .Select(r => PatientSplitter.AssignFolds(patientIds, labels, folds, seed + r)),
        ];
        return new PatientFolds([.. patientIds], folds, assignments);
    }

    /// <summary>The fold of every row in repeat <paramref name="repeat"/>.</summary>
    public IReadOnlyList<int> Assignment(int repeat = 0) => _assignments[repeat];

    /// <summary>Every non-empty fold of every repeat, in order: the rows to fit on and the rows it predicts.</summary>
    public IEnumerable<PatientFold> All()
    {
        for (int repeat = 0; repeat < Repeats; repeat++)
        {
            int[] assignment = _assignments[repeat];
            for (int fold = 0; fold < Count; fold++)
            {
                int[] heldOut = [.. Enumerable.Range(0, RowCount).Where(i => assignment[i] == fold)];
                if (heldOut.Length > 0)
                {
                    yield return new PatientFold(
                        repeat,
                        fold,
                        [.. Enumerable.Range(0, RowCount).Where(i => assignment[i] != fold)],
                        heldOut
                    );
                }
            }
        }
    }

    /// <summary>
    /// Throws unless <paramref name="patientIds"/> are this run's rows in this order (a misaligned view would leak).
    /// </summary>
    public void CheckAligned(IReadOnlyList<string> patientIds, string what)
    {
        ArgumentNullException.ThrowIfNull(patientIds);
        if (patientIds.Count != RowCount || !patientIds.SequenceEqual(PatientIds, StringComparer.Ordinal))
        {
            throw new InvalidOperationException(
                $"{what}: the rows are not the ones the folds were made for (count or order differ)."
            );
        }
    }
}
