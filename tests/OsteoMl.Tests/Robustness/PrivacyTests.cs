using System.IO.Compression;
using System.Text;
using OsteoMl.Reporting;
using OsteoMl.Tests.Workflows;

namespace OsteoMl.Tests.Robustness;

/// <summary>No patient identifier reaches the model zip, the run folder or the report.</summary>
public sealed class PrivacyTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private IEnumerable<string> PatientIds =>
        File.ReadLines(fixture.CsvPath).Skip(1).Select(line => line.Split(',')[0]).Distinct();

    [Fact]
    public void Given_a_trained_zip_When_scanning_every_entry_Then_no_patient_id_appears()
    {
        using var archive = ZipFile.OpenRead(fixture.ModelPath);
        foreach (var entry in archive.Entries)
        {
            using var stream = entry.Open();
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            string text = Encoding.Latin1.GetString(memory.ToArray());
            Assert.DoesNotContain(PatientIds, id => text.Contains(id, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Given_a_run_folder_When_scanning_every_file_Then_no_patient_id_appears()
    {
        foreach (string file in Directory.GetFiles(fixture.Result.RunDirectory))
        {
            string text = File.ReadAllText(file);
            Assert.DoesNotContain(PatientIds, id => text.Contains(id, StringComparison.Ordinal));
        }
        Assert.True(File.Exists(Path.Combine(fixture.Result.RunDirectory, HtmlReport.FileName)));
    }
}
