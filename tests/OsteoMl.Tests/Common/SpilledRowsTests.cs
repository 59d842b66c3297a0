using OsteoMl.Common;

namespace OsteoMl.Tests.Common;

public sealed class SpilledRowsTests
{
    [Fact]
    public void Given_rows_written_When_read_back_in_any_order_and_from_several_threads_Then_each_is_what_was_written()
    {
        using var folder = new TempFolder();
        using var rows = new SpilledRows<float>(1000, folder.Path);
        var random = new Random(3);
        float[][] written =
        [
            .. Enumerable
                .Range(0, 50)
                .Select(_ => Enumerable.Range(0, 1000).Select(_ => random.NextSingle()).ToArray()),
        ];
        foreach (var row in written)
        {
            rows.Add(row);
        }

        Assert.Equal(50, rows.Count);
        Parallel.For(
            0,
            200,
            i =>
            {
                int index = (i * 37) % 50;
                var into = new float[1000];
                rows.Read(index, into);
                Assert.Equal(written[index], into);
            }
        );
        Assert.Equal(written, rows.ToArray());
    }

    [Fact]
    public void Given_spilled_rows_When_open_and_after_dispose_Then_their_folder_holds_no_file()
    {
        using var folder = new TempFolder();
        var rows = new SpilledRows<byte>(3, folder.Path);
        rows.Add([1, 2, 3]);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Empty(Directory.GetFiles(folder.Path)); // unlinked while open: not even a killed process leaves it
        }
        rows.Dispose();
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void Given_a_row_of_the_wrong_length_or_an_index_past_the_end_Then_it_is_refused()
    {
        using var rows = new SpilledRows<byte>(4);
        rows.Add([1, 2, 3, 4]);
        Assert.Throws<ArgumentException>(() => rows.Add([1, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => rows.Read(1, new byte[4]));
    }
}
