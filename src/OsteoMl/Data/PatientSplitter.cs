namespace OsteoMl.Data;

/// <summary>
/// Patient-level, label-stratified assignment of rows to splits and folds. All rows of a patient go to the
/// same place, so no patient is ever on both sides of a train/test boundary. Deterministic for a seed.
/// </summary>
public static class PatientSplitter
{
    /// <summary>Three-way split by fractions; returns row indices of each part.</summary>
    public static CohortSplit Split(
        IReadOnlyList<string> patientIds,
        IReadOnlyList<bool> labels,
        double trainFraction,
        double validationFraction,
        int seed
    )
    {
        if (trainFraction <= 0 || validationFraction <= 0 || trainFraction + validationFraction >= 1)
        {
            throw new ArgumentException("Split fractions must be positive and leave room for a test set.");
        }
        var train = new List<int>();
        var validation = new List<int>();
        var test = new List<int>();
        foreach (var stratum in ShuffledPatientsByClass(patientIds, labels, seed))
        {
            int n = stratum.Count;
            int nTrain = (int)Math.Round(trainFraction * n);
            int nValidation = (int)Math.Round(validationFraction * n);
            for (int i = 0; i < n; i++)
            {
                var target =
                    i < nTrain ? train
                    : i < nTrain + nValidation ? validation
                    : test;
                target.AddRange(stratum[i].Rows);
            }
        }
        train.Sort();
        validation.Sort();
        test.Sort();
        return new CohortSplit(train, validation, test);
    }

    /// <summary>k folds: fold index per row, patients dealt round-robin within each class.</summary>
    public static int[] AssignFolds(IReadOnlyList<string> patientIds, IReadOnlyList<bool> labels, int folds, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var assignment = new int[patientIds.Count];
        int next = 0;
        foreach (var stratum in ShuffledPatientsByClass(patientIds, labels, seed))
        {
            foreach (var patient in stratum)
            {
                foreach (int row in patient.Rows)
                {
                    assignment[row] = next % folds;
                }
                next++;
            }
        }
        return assignment;
    }

    private sealed record Patient(string Id, bool Label, List<int> Rows);

    private static List<List<Patient>> ShuffledPatientsByClass(
        IReadOnlyList<string> patientIds,
        IReadOnlyList<bool> labels,
        int seed
    )
    {
        if (patientIds.Count != labels.Count)
        {
            throw new ArgumentException("Patient ids and labels differ in length.");
        }
        var patients = new Dictionary<string, Patient>(StringComparer.Ordinal);
        for (int row = 0; row < patientIds.Count; row++)
        {
            if (!patients.TryGetValue(patientIds[row], out var patient))
            {
                patient = new Patient(patientIds[row], false, []);
                patients[patientIds[row]] = patient;
            }
            patient.Rows.Add(row);
        }
        // A patient is positive if any of their rows is (e.g. a follow-up film after diagnosis).
        var all = patients
            .Values.Select(p => p with { Label = p.Rows.Any(r => labels[r]) })
            .OrderBy(p => p.Id, StringComparer.Ordinal)
            .ToList();
        var random = new Random(seed);
        var strata = new List<List<Patient>>();
        foreach (bool label in new[] { true, false })
        {
            var stratum = all.Where(p => p.Label == label).ToList();
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(stratum));
            strata.Add(stratum);
        }
        return strata;
    }
}
