using System.Text;
using OsteoMl.Dicom;
using OsteoMl.Screening;

namespace OsteoMl.Tests.Screening;

public sealed class ScreeningSrWriterTests
{
    /// <summary>
    /// dsrdump checks the SR IOD's content constraints and every value's VR by default (the -E/-Dv options relax
    /// that); +fo refuses a file without meta information; +Pl/+Pc/+Pu/+Psu print values, codes and UIDs in full.
    /// </summary>
    private static readonly string[] StrictDump = ["+fo", "+Pl", "+Pc", "+Pu", "+Psu"];

    [Fact]
    public void A_fused_report_passes_dsrdump_without_warnings()
    {
        string output = DumpCleanly(SampleReports.Fused());

        Assert.Contains("Comprehensive SR Document", output);
        Assert.Contains("0.8123", output);
        Assert.Contains("0.7456", output);
        Assert.Contains("0.6789", output);
        Assert.Contains("0.35", output);
        Assert.Contains("flagged for DXA referral", output);
        Assert.Contains("\"fused\"", output);
        Assert.Contains(ScreeningSrWriter.IntendedUseLimitation, output);
        Assert.Contains("osteoml-chest-fusion", output);
        Assert.Contains(SampleReports.Fused().ModelHash, output);
        Assert.Contains(SampleReports.Fused().SopInstanceUid, output);
    }

    [Fact]
    public void An_image_only_report_passes_dsrdump_without_warnings()
    {
        string output = DumpCleanly(SampleReports.ImageOnly());

        Assert.Contains("0.2104", output);
        Assert.Contains("not flagged", output);
        Assert.Contains("\"image-only\"", output);
        Assert.Contains(ScreeningSrWriter.IntendedUseLimitation, output);
        Assert.DoesNotContain("Fused osteoporosis probability", output);
        Assert.DoesNotContain("Clinical osteoporosis probability", output);
    }

    [Fact]
    public void An_ascii_report_declares_no_character_set()
    {
        var file = DicomFile.Parse(ScreeningSrWriter.ToBytes(SampleReports.Fused()));

        Assert.Null(file.GetString(DicomTags.SpecificCharacterSet));
    }

    [Fact]
    public void A_non_ascii_patient_name_is_declared_utf8_and_passes_dsrdump()
    {
        ScreeningReport report = SampleReports.Fused() with { PatientName = "Müller^Jürgen" };

        string output = DumpCleanly(report, "+U8");

        Assert.Contains("Müller^Jürgen", output);
        var file = DicomFile.Parse(ScreeningSrWriter.ToBytes(report));
        Assert.Equal(DicomDataset.Utf8CharacterSet, file.GetString(DicomTags.SpecificCharacterSet));
    }

    [Fact]
    public void Dcmdump_reads_the_report_without_warnings()
    {
        using var folder = new TempFolder();
        string path = folder.File("sr.dcm");
        File.WriteAllBytes(path, ScreeningSrWriter.ToBytes(SampleReports.Fused()));

        var dump = Dcmtk.Run("dcmdump", "+fo", "-E", path);

        Assert.True(dump.ExitCode == 0 && dump.Errors.Length == 0, $"dcmdump ({dump.ExitCode}): {dump.Errors}");
        Assert.Contains("(0040,a491) CS [COMPLETE]", dump.Output);
        Assert.Contains("(0040,a493) CS [UNVERIFIED]", dump.Output);
        Assert.Contains("(0008,0060) CS [SR]", dump.Output);
    }

    [Fact]
    public void The_report_files_into_the_source_patient_and_study_in_a_series_of_its_own()
    {
        ScreeningReport report = SampleReports.Fused();
        var file = DicomFile.Parse(ScreeningSrWriter.ToBytes(report));

        Assert.Equal(ScreeningSrWriter.ComprehensiveSrSopClassUid, file.GetString(DicomTags.SopClassUid));
        Assert.Equal(report.ReportSopInstanceUid, file.GetString(DicomTags.SopInstanceUid));
        Assert.Equal(report.ReportSeriesInstanceUid, file.GetString(DicomTags.SeriesInstanceUid));
        Assert.Equal(report.StudyInstanceUid, file.GetString(DicomTags.StudyInstanceUid));
        Assert.Equal(report.PatientId, file.GetString(DicomTags.PatientId));
        Assert.Equal(report.PatientName, file.GetString(DicomTags.PatientName));
        Assert.Equal(report.AccessionNumber, file.GetString(DicomTags.AccessionNumber));
        Assert.Equal("20240105", file.GetString(DicomTags.ContentDate));
        Assert.Equal("113015", file.GetString(DicomTags.ContentTime));
        Assert.Equal("+0100", file.GetString(DicomTags.TimezoneOffsetFromUtc));
        Assert.Equal(ScreeningSrWriter.SeriesDescription, file.GetString(DicomTags.SeriesDescription));
    }

    [Fact]
    public void Unknown_patient_attributes_are_written_empty()
    {
        var file = DicomFile.Parse(ScreeningSrWriter.ToBytes(SampleReports.ImageOnly()));

        foreach (uint tag in new[] { DicomTags.PatientName, DicomTags.PatientId, DicomTags.AccessionNumber })
        {
            Assert.Empty(file.Get(tag)!);
        }
    }

    [Fact]
    public void The_same_report_gives_the_same_bytes()
    {
        Assert.Equal(
            ScreeningSrWriter.ToBytes(SampleReports.Fused()),
            ScreeningSrWriter.ToBytes(SampleReports.Fused())
        );
        using var stream = new MemoryStream();
        ScreeningSrWriter.Write(SampleReports.Fused(), stream);
        Assert.Equal(ScreeningSrWriter.ToBytes(SampleReports.Fused()), stream.ToArray());
    }

    [Fact]
    public void Refuses_an_inconsistent_result()
    {
        Assert.Throws<ArgumentException>(() =>
            ScreeningSrWriter.ToBytes(SampleReports.Fused() with { Basis = "clinical" })
        );
        Assert.Throws<ArgumentException>(() =>
            ScreeningSrWriter.ToBytes(SampleReports.Fused() with { FusedProbability = null })
        );
        Assert.Throws<ArgumentException>(() =>
            ScreeningSrWriter.ToBytes(SampleReports.ImageOnly() with { FusedProbability = 0.5 })
        );
        Assert.Throws<ArgumentException>(() =>
            ScreeningSrWriter.ToBytes(SampleReports.Fused() with { Threshold = 1.5 })
        );
        Assert.Throws<ArgumentException>(() =>
            ScreeningSrWriter.ToBytes(SampleReports.Fused() with { ImageProbability = double.NaN })
        );
    }

    /// <summary>
    /// dcmtk 3.6.7's value checker cannot check UTF-8 text and says so for every file that declares it, even with -Dv;
    /// that one line says nothing about the file, so it is the one stderr line a UTF-8 report may produce.
    /// </summary>
    private const string Utf8CheckerNotice =
        "W: The VR checker does not support this Specific Character Set: ISO_IR 192";

    /// <summary>Writes the report, runs dsrdump on it, and fails on any exit code other than 0 or any stderr.</summary>
    private static string DumpCleanly(ScreeningReport report, params string[] extraOptions)
    {
        using var folder = new TempFolder();
        string path = folder.File("sr.dcm");
        File.WriteAllBytes(path, ScreeningSrWriter.ToBytes(report));
        // A path here keeps a copy of the SR, for looking at it with other tools.
        if (Environment.GetEnvironmentVariable("OSTEOML_KEEP_SR") is { Length: > 0 } keep)
        {
            File.Copy(path, keep, overwrite: true);
        }

        var dump = Dcmtk.Run("dsrdump", [.. StrictDump, .. extraOptions, path]);

        string[] problems = dump
            .Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.TrimEnd() != Utf8CheckerNotice)
            .ToArray();
        Assert.True(
            dump.ExitCode == 0 && problems.Length == 0,
            $"dsrdump exit code {dump.ExitCode}, stderr:\n{dump.Errors}\nstdout:\n{dump.Output}"
        );
        return dump.Output;
    }
}
