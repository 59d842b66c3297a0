using System.Globalization;
using ConsumerApp;

// Usage: dotnet run --project samples/ConsumerApp -- [models/osteoml.zip] [sample-data/cohort.csv] [rows]
string zip = args.Length > 0 ? args[0] : Path.Combine("models", "osteoml.zip");
string csv = args.Length > 1 ? args[1] : Path.Combine("sample-data", "cohort.csv");
int rows = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;

Console.WriteLine("patient_id,p_image,p_clinical,p_fused,predicted");
foreach (var row in ZipScorer.Score(zip, csv, rows))
{
    Console.WriteLine(
        string.Create(
            CultureInfo.InvariantCulture,
            $"{row.PatientId},{row.ImageProbability:F4},{row.ClinicalProbability:F4},{row.FusedProbability:F4},{(row.PredictedOsteoporosis ? 1 : 0)}"
        )
    );
}
