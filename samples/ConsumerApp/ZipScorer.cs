using Microsoft.ML;

namespace ConsumerApp;

/// <summary>Scores sample-data rows with an OsteoMl zip using nothing but ML.NET.</summary>
public static class ZipScorer
{
    public static IReadOnlyList<ScoredRow> Score(string modelZip, string cohortCsv, int maxRows = int.MaxValue)
    {
        var mlContext = new MLContext(seed: 0);
        // MissingRealsAsNaNs: an empty cell is "missing" (NaN), as OsteoMl reads it, not 0.
        IDataView raw = mlContext.Data.LoadFromTextFile<SampleCohortRow>(
            cohortCsv,
            new Microsoft.ML.Data.TextLoader.Options
            {
                Separators = [','],
                HasHeader = true,
                AllowQuoting = true,
                MissingRealsAsNaNs = true,
            }
        );

        // Image paths in the CSV are relative to its folder; the zip opens paths as given.
        string folder = Path.GetDirectoryName(Path.GetFullPath(cohortCsv))!;
        var rows = mlContext
            .Data.CreateEnumerable<SampleCohortRow>(raw, reuseRowObject: false)
            .Take(maxRows)
            .Select(r =>
            {
                r.ImagePath = Path.Combine(folder, r.ImagePath);
                return r;
            })
            .ToList();

        ITransformer model = mlContext.Model.Load(modelZip, out _);
        try
        {
            IDataView scored = model.Transform(mlContext.Data.LoadFromEnumerable(rows));
            return mlContext.Data.CreateEnumerable<ScoredRow>(scored, reuseRowObject: false).ToList();
        }
        finally
        {
            // Removes the ONNX copies ML.NET unpacked into the temp folder when it loaded the zip.
            (model as IDisposable)?.Dispose();
        }
    }
}
