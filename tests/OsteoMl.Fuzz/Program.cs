using OsteoMl.AutoML;
using OsteoMl.Data;
using OsteoMl.Workflows;
using SharpFuzz;

// Usage: OsteoMl.Fuzz csv|config|trials|dicom [FILE]
// with FILE: run one input (reproduce a finding); without: run under AFL++ (afl-fuzz … -- dotnet OsteoMl.Fuzz.dll csv).
// A parser may reject input only with CohortFormatException (exit code 2 in the CLI); anything else is a finding.
if (args.Length is 0 or > 2 || FuzzTargets.Find(args[0]) is not { } target)
{
    Console.Error.WriteLine("usage: OsteoMl.Fuzz csv|config|trials|dicom [FILE]");
    return 64;
}
if (args.Length == 2)
{
    using var input = File.OpenRead(args[1]);
    target(input);
    Console.WriteLine("ok: rejected cleanly or parsed");
    return 0;
}
Fuzzer.OutOfProcess.Run(stream => target(stream));
return 0;

/// <summary>The fuzzed entry points: each reads untrusted bytes the way the CLI does.</summary>
internal static class FuzzTargets
{
    private static readonly string Scratch = Path.Combine(Path.GetTempPath(), $"osteoml-fuzz-{Environment.ProcessId}");

    public static Action<Stream>? Find(string name) =>
        name switch
        {
            "csv" => Csv,
            "config" => Config,
            "trials" => Trials,
            "dicom" => Dicom,
            _ => null,
        };

    /// <summary>
    /// A tabular cohort CSV with every option the trainer uses (label, id optional, excluded columns).
    /// </summary>
    private static void Csv(Stream input) =>
        WithFile(
            input,
            "cohort.csv",
            path =>
            {
                var cohort = CohortReader.Read(
                    path,
                    new CohortOptions
                    {
                        LabelColumn = "y",
                        IdColumnOptional = true,
                        RequireImages = false,
                        ExcludeColumns = ["site"],
                    }
                );
                _ = cohort.NumberColumn("age");
                _ = OsteoMl.Evaluation.ClinicalRiskScores.Compute(cohort);
            }
        );

    private static void Config(Stream input) => WithFile(input, "pipeline.json", path => PipelineConfig.Load(path));

    private static void Trials(Stream input) =>
        WithFile(
            input,
            TrialLog.FileName,
            path =>
            {
                var trials = TrialLog.Read(path);
                _ = Leaderboard.Build(trials, "clinical", PatientFolds.TestToTrainRatioOf(5));
            }
        );

    /// <summary>
    /// The DICOM reader down to the 8-bit picture: every syntax, sequences, encapsulation, RLE and JPEG decoders.
    /// </summary>
    private static void Dicom(Stream input)
    {
        using var memory = new MemoryStream();
        input.CopyTo(memory);
        try
        {
            _ = OsteoMl.Dicom.DicomImage.Parse(memory.ToArray()).Render8Bit();
        }
        catch (InvalidDataException)
        {
            // A clean rejection: the CLI reports it with exit code 2.
        }
    }

    private static void WithFile(Stream input, string name, Action<string> parse)
    {
        Directory.CreateDirectory(Scratch);
        string path = Path.Combine(Scratch, name);
        using (var file = File.Create(path))
        {
            input.CopyTo(file);
        }
        try
        {
            parse(path);
        }
        catch (CohortFormatException)
        {
            // A clean rejection: what the CLI turns into exit code 2.
        }
    }
}
