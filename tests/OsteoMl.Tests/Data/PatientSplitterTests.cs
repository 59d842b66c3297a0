using OsteoMl.Data;

namespace OsteoMl.Tests.Data;

public sealed class PatientSplitterTests
{
    private static (string[] Ids, bool[] Labels) Rows()
    {
        // 100 patients, every fifth with two rows; 30 % positive.
        var ids = new List<string>();
        var labels = new List<bool>();
        for (int p = 0; p < 100; p++)
        {
            int rows = p % 5 == 0 ? 2 : 1;
            for (int r = 0; r < rows; r++)
            {
                ids.Add($"P{p:D3}");
                labels.Add(p % 10 < 3);
            }
        }
        return (ids.ToArray(), labels.ToArray());
    }

    [Fact]
    public void Given_repeated_patients_When_splitting_Then_no_patient_is_in_two_parts_and_classes_are_stratified()
    {
        var (ids, labels) = Rows();

        CohortSplit split = PatientSplitter.Split(ids, labels, 0.6, 0.2, seed: 3);

        var parts = new[] { split.Train, split.Validation, split.Test }
            .Select(p => p.Select(i => ids[i]).ToHashSet())
            .ToArray();
        Assert.Empty(parts[0].Intersect(parts[1]));
        Assert.Empty(parts[0].Intersect(parts[2]));
        Assert.Empty(parts[1].Intersect(parts[2]));
        Assert.Equal(ids.Length, split.Train.Count + split.Validation.Count + split.Test.Count);
        Assert.Equal(60, parts[0].Count);
        Assert.Equal(18, parts[0].Count(id => int.Parse(id[1..]) % 10 < 3));
    }

    [Fact]
    public void Given_the_same_seed_When_splitting_twice_Then_the_split_is_identical()
    {
        var (ids, labels) = Rows();
        Assert.Equal(
            PatientSplitter.Split(ids, labels, 0.6, 0.2, 9).Test,
            PatientSplitter.Split(ids, labels, 0.6, 0.2, 9).Test
        );
        Assert.NotEqual(
            PatientSplitter.Split(ids, labels, 0.6, 0.2, 9).Test,
            PatientSplitter.Split(ids, labels, 0.6, 0.2, 10).Test
        );
    }

    [Fact]
    public void Given_folds_When_assigning_Then_rows_of_a_patient_share_a_fold()
    {
        var (ids, labels) = Rows();

        int[] folds = PatientSplitter.AssignFolds(ids, labels, 5, seed: 1);

        Assert.All(
            ids.Select((id, i) => (id, fold: folds[i])).GroupBy(x => x.id),
            g => Assert.Single(g.Select(x => x.fold).Distinct())
        );
        Assert.All(
            Enumerable.Range(0, 5),
            f => Assert.Equal(20, ids.Where((_, i) => folds[i] == f).Distinct().Count())
        );
    }
}
