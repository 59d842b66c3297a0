using System.Text;
using OsteoMl.Data;

namespace OsteoMl.Consumer;

/// <summary>
/// The generated reading, scoring and writing code. It mirrors what <c>osteoml predict</c> does with a CSV (cells
/// trimmed, osteoml's missing tokens, yes/no as 1/0, image paths relative to the CSV's folder) and writes
/// predictions.csv's columns and number format (PredictionsCsv), so both give the same numbers.
/// </summary>
internal static class ConsumerTemplates
{
    public static string InputCsv(string ns, IReadOnlyList<InputColumn> inputs)
    {
        bool images = inputs.Any(i => i.ZipName == ModelColumns.ImagePath);
        var assignments = new StringBuilder();
        foreach (var input in inputs)
        {
            string column = CSharpNames.Literal(input.CsvName);
            string value = input.ZipName switch
            {
                ModelColumns.PatientId => "id",
                ModelColumns.ImagePath => $"Film(folder, cell({column}))",
                _ when input.IsText => $"Text(cell, {column})",
                _ => $"Number(cell, {column})",
            };
            assignments.Append($"                {input.Property} = {value},\n");
        }
        string image = images ? "Cell(\"image\")" : "null";
        string columns = Wrapped(inputs.Select(i => CSharpNames.Literal(i.CsvName)).Where(c => c != "\"patient_id\""));
        return $$"""
            using System.Globalization;

            namespace {{ns}};

            /// <summary>
            /// Reads a CSV in the format `osteoml predict --data` reads: the training CSV's column names (any order,
            /// extra columns ignored), `image` relative to the CSV's folder, empty/NA cells missing.
            /// </summary>
            public static class InputCsv
            {
                public static bool HasImages => {{(images ? "true" : "false")}};

                // The CSV columns the zip's inputs are read from (patient_id is optional: row-N when absent).
                private static readonly string[] Columns = [{{columns}}];

                // The cells osteoml reads as missing (case-insensitive).
                private static readonly HashSet<string> MissingTokens = new(StringComparer.OrdinalIgnoreCase)
                {
                    "", "na", "n/a", "nan", "null", "?", ".",
                };

                public static List<CsvRow> Read(string path)
                {
                    string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
                    using var reader = new StreamReader(path);
                    string[] header = [.. Split(reader.ReadLine() ?? "").Select(h => h.Trim())];
                    if (Columns.FirstOrDefault(c => !header.Contains(c)) is { } absent)
                    {
                        throw new InvalidDataException($"{path}: no column '{absent}' (it has: {string.Join(", ", header)}).");
                    }
                    var rows = new List<CsvRow>();
                    int line = 1;
                    for (string? text = reader.ReadLine(); text is not null; text = reader.ReadLine())
                    {
                        line++;
                        string[] fields = Split(text);
                        if (fields.All(string.IsNullOrWhiteSpace))
                        {
                            continue;
                        }
                        string Cell(string column) =>
                            Array.IndexOf(header, column) is var i && i >= 0 && i < fields.Length ? fields[i].Trim() : "";
                        // A table without ids: each row is its own patient, named by its line as predict names it.
                        string id = header.Contains("patient_id") ? Cell("patient_id") : $"row-{line}";
                        rows.Add(new CsvRow(id, {{image}}, Row(Cell, id, folder, $"{path}, line {line}")));
                    }
                    return rows;
                }

                private static ModelInput Row(Func<string, string> cell, string id, string folder, string where)
                {
                    try
                    {
                        return new ModelInput
                        {
            {{assignments.ToString().TrimEnd('\n')}}
                        };
                    }
                    catch (Exception e) when (e is InvalidDataException or IOException)
                    {
                        throw new InvalidDataException($"{where}: {e.Message}");
                    }
                }

                private static string Text(Func<string, string> cell, string column) =>
                    MissingTokens.Contains(cell(column)) ? "" : cell(column);

                private static float Number(Func<string, string> cell, string column)
                {
                    string text = cell(column);
                    if (MissingTokens.Contains(text))
                    {
                        return float.NaN;
                    }
                    if (float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
                    {
                        return value;
                    }
                    return text.ToLowerInvariant() switch
                    {
                        "1" or "yes" or "y" or "true" or "pos" or "positive" => 1f,
                        "0" or "no" or "n" or "false" or "neg" or "negative" => 0f,
                        _ => throw new InvalidDataException($"column '{column}' is not a number."),
                    };
                }

                /// <summary>The film's absolute path (the zip opens paths as given). The zip decodes 8-bit PNG/JPEG only:
                /// a DICOM or 16-bit PNG must be windowed to an 8-bit PNG first (README.md, DICOM).</summary>
                private static string Film(string folder, string cell)
                {
                    string path = Path.GetFullPath(Path.Combine(folder, cell));
                    using var file = File.OpenRead(path);
                    var start = new byte[132];
                    int read = file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
                    bool dicom = read == 132 && start.AsSpan(128, 4).SequenceEqual("DICM"u8);
                    bool png16 = read > 25 && start[0] == 0x89 && start.AsSpan(1, 3).SequenceEqual("PNG"u8) && start[24] == 16;
                    if (dicom || png16)
                    {
                        string kind = dicom ? "DICOM" : "16-bit PNG";
                        throw new InvalidDataException($"column 'image': a {kind} film; window it to 8 bits first (README.md, DICOM).");
                    }
                    return path;
                }

                /// <summary>One CSV line's fields; "..." quoting with "" for a quote inside.</summary>
                private static string[] Split(string line)
                {
                    var fields = new List<string>();
                    var field = new System.Text.StringBuilder();
                    bool quoted = false;
                    for (int i = 0; i < line.Length; i++)
                    {
                        char c = line[i];
                        if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i++;
                        }
                        else if (c == '"')
                        {
                            quoted = !quoted;
                        }
                        else if (c == ',' && !quoted)
                        {
                            fields.Add(field.ToString());
                            field.Clear();
                        }
                        else
                        {
                            field.Append(c);
                        }
                    }
                    fields.Add(field.ToString());
                    return [.. fields];
                }
            }

            """;
    }

    /// <summary>Items of a collection expression, a few to a line (generated code stays readable).</summary>
    private static string Wrapped(IEnumerable<string> items)
    {
        var text = new StringBuilder("\n");
        foreach (var line in items.Chunk(6))
        {
            text.Append("        ").Append(string.Join(", ", line)).Append(",\n");
        }
        return text.Append("    ").ToString();
    }

    public static string CsvRow(string ns) =>
        $$"""
            namespace {{ns}};

            /// <summary>One input CSV row: its id and film as written (copied to the output), and what the zip scores.</summary>
            public sealed record CsvRow(string PatientId, string? Image, ModelInput Input);

            """;

    public static string Scorer(string ns) =>
        $$"""
            using Microsoft.ML;

            namespace {{ns}};

            /// <summary>
            /// Loads the OsteoMl zip once and scores rows with ML.NET alone. Dispose it: loading unpacks the zip's ONNX
            /// graphs into MLContext.TempFilePath, and only disposing the model removes them; the private folder used
            /// here is deleted too, so nothing piles up in TMPDIR however often a zip is loaded.
            /// </summary>
            public sealed class Scorer : IDisposable
            {
                private readonly string _scratch = Path.Combine(Path.GetTempPath(), $"osteoml-zip-{Guid.NewGuid():N}");
                private readonly MLContext _ml;
                private readonly ITransformer _model;

                public Scorer(string modelZip)
                {
                    Directory.CreateDirectory(_scratch);
                    _ml = new MLContext(seed: 0) { TempFilePath = _scratch };
                    try
                    {
                        _model = _ml.Model.Load(modelZip, out _);
                    }
                    catch
                    {
                        DeleteScratch();
                        throw;
                    }
                }

                /// <summary>Scores rows in one pass, in their order (one pass: the image network runs once per film).</summary>
                public List<ModelOutput> Predict(IEnumerable<ModelInput> rows)
                {
                    IDataView scored = _model.Transform(_ml.Data.LoadFromEnumerable(rows));
                    return [.. _ml.Data.CreateEnumerable<ModelOutput>(scored, reuseRowObject: false)];
                }

                public void Dispose()
                {
                    (_model as IDisposable)?.Dispose();
                    DeleteScratch();
                }

                private void DeleteScratch()
                {
                    try
                    {
                        Directory.Delete(_scratch, recursive: true);
                    }
                    catch (IOException)
                    {
                        // A file still open: the OS's temp cleaner gets it.
                    }
                }
            }

            """;

    public static string Program(string ns, string modelPath) =>
        $$"""
            using System.Globalization;
            using System.Text;
            using {{ns}};

            // Usage: dotnet run -- IN.csv OUT.csv [MODEL.zip]
            // Writes the columns of `osteoml predict`: patient_id[,image],p_image,p_clinical,p_fused,p_logistic,predicted.
            if (args.Length is < 2 or > 3)
            {
                Console.Error.WriteLine("usage: IN.csv OUT.csv [MODEL.zip]");
                return 2;
            }
            string model = args.Length == 3 ? args[2] : {{CSharpNames.Literal(modelPath)}};
            try
            {
                var rows = InputCsv.Read(args[0]);
                using var scorer = new Scorer(model);
                var outputs = scorer.Predict(rows.Select(r => r.Input));
                var csv = new StringBuilder("patient_id" + (InputCsv.HasImages ? ",image" : ""));
                csv.Append(",p_image,p_clinical,p_fused,p_logistic,predicted\n");
                for (int i = 0; i < rows.Count; i++)
                {
                    var (row, p) = (rows[i], outputs[i]);
                    csv.Append(Quote(row.PatientId));
                    if (row.Image is { } image)
                    {
                        csv.Append(',').Append(Quote(image));
                    }
                    csv.Append($",{Number(p.ImageProbability)},{Number(p.ClinicalProbability)},{Number(p.FusedProbability)}");
                    csv.Append($",{Number(p.LogisticProbability)},{(p.PredictedOsteoporosis ? 1 : 0)}\n");
                }
                File.WriteAllText(args[1], csv.ToString());
                Console.WriteLine($"Scored {rows.Count} rows -> {Path.GetFullPath(args[1])}");
                return 0;
            }
            catch (Exception e) when (e is InvalidDataException or FileNotFoundException or DirectoryNotFoundException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }

            // "R": the shortest text that reads back as the same float, as osteoml writes it; NaN (not in this zip) is empty.
            static string Number(float value) =>
                float.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);

            static string Quote(string value) =>
                value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

            """;
}
