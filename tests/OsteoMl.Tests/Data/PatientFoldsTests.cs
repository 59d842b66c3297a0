using OsteoMl.Data;

namespace OsteoMl.Tests.Data;

public sealed class PatientFoldsTests
{
    private static (string[] Ids, bool[] Labels) Rows()
    {
        string[] ids = [.. Enumerable.Range(0, 90).Select(i => $"P{i / 3}")];
        bool[] labels = [.. ids.Select(id => int.Parse(id[1..]) % 3 == 0)];
        return (ids, labels);
    }

    [Fact]
    public void Given_repeats_When_folding_Then_every_repeat_holds_each_patient_out_exactly_once_and_in_one_fold()
    {
        var (ids, labels) = Rows();

        var folds = PatientFolds.Create(ids, labels, folds: 5, seed: 4, repeats: 3);

        Assert.Equal(15, folds.All().Count());
        foreach (var repeat in folds.All().GroupBy(f => f.Repeat))
        {
            Assert.Equal(Enumerable.Range(0, ids.Length), repeat.SelectMany(f => f.HeldOutRows).Order());
            Assert.All(
                repeat,
                f => Assert.Empty(f.TrainRows.Select(i => ids[i]).Intersect(f.HeldOutRows.Select(i => ids[i])))
            );
        }
        Assert.NotEqual(folds.Assignment(0), folds.Assignment(1));
    }

    [Fact]
    public void Given_one_repeat_When_folding_Then_it_is_the_splitter_s_assignment_for_that_seed()
    {
        var (ids, labels) = Rows();

        Assert.Equal(
            PatientSplitter.AssignFolds(ids, labels, 5, 4),
            PatientFolds.Create(ids, labels, 5, 4).Assignment()
        );
    }

    [Fact]
    public void Given_rows_in_another_order_When_checked_Then_the_folds_refuse_them()
    {
        var (ids, labels) = Rows();
        var folds = PatientFolds.Create(ids, labels, 5, 4);

        folds.CheckAligned(ids, "test");
        Assert.Throws<InvalidOperationException>(() => folds.CheckAligned([.. ids.Reverse()], "test"));
    }
}
