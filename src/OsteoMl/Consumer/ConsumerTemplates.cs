using System.Text;
using OsteoMl.Data;

namespace OsteoMl.Consumer;

/// <summary>
/// The generated reading, scoring and writing code. It mirrors what <c>osteoml predict</c> does with a CSV (RFC 4180
/// records as Sylvan reads them, cells trimmed, osteoml's missing tokens, yes/no as 1/0, image paths relative to the
/// CSV's folder, the <c>osteoporosis</c> label copied) and writes predictions.csv's columns, quoting and number format
/// (PredictionsCsv), so both give the same rows.
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
            using System.Text;

            namespace {{ns}};

            /// <summary>
            /// Reads a CSV in the format `osteoml predict --data` reads: the training CSV's column names (any order,
            /// extra columns ignored), `image` relative to the CSV's folder, empty/NA cells missing, RFC 4180 quoting.
            /// Row N is the file's Nth record, the header being row 1 (a line unless a quoted cell spans lines): the
            /// number predict's messages give as "line N" and its ids without a patient_id column as row-N.
            /// </summary>
            public static class InputCsv
            {
                public static bool HasImages => {{(images ? "true" : "false")}};

                // The CSV columns the zip's inputs are read from (patient_id is optional: row-N when absent).
                private static readonly string[] Columns = [{{columns}}];

                // The label predict copies to its output when the CSV has it (its default --label column).
                public const string LabelColumn = "osteoporosis";

                // The cells osteoml reads as missing (case-insensitive).
                private static readonly HashSet<string> MissingTokens = new(StringComparer.OrdinalIgnoreCase)
                {
                    "", "na", "n/a", "nan", "null", "?", ".",
                };

                public static List<CsvRow> Read(string path)
                {
                    string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
                    using var reader = new StreamReader(path);
                    using var records = Records(reader, path).GetEnumerator();
                    string[] header = records.MoveNext() ? [.. records.Current.Select(h => h.Trim())] : [];
                    if (Columns.FirstOrDefault(c => !header.Contains(c)) is { } absent)
                    {
                        throw new InvalidDataException($"{path}: no column '{absent}' (it has: {string.Join(", ", header)}).");
                    }
                    if (header.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1) is { } twice)
                    {
                        throw new InvalidDataException($"{path}, row 1: the header names column '{twice.Key}' twice.");
                    }
                    var rows = new List<CsvRow>();
                    for (int row = 2; records.MoveNext(); row++)
                    {
                        string[] fields = records.Current;
                        if (fields.All(string.IsNullOrWhiteSpace))
                        {
                            continue;
                        }
                        string where = $"{path}, row {row}";
                        if (fields.Length != header.Length)
                        {
                            throw new InvalidDataException($"{where}: {fields.Length} cells, but the header has {header.Length}.");
                        }
                        string Cell(string column) => Array.IndexOf(header, column) is var i && i >= 0 ? fields[i].Trim() : "";
                        // A table without ids: each row is its own patient, named by its row as predict names it.
                        string id = header.Contains("patient_id") ? Cell("patient_id") : $"row-{row}";
                        bool? label = header.Contains(LabelColumn) ? Label(Cell(LabelColumn), where) : null;
                        rows.Add(new CsvRow(id, {{image}}, label, Row(Cell, id, folder, where)));
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
                    return Flag(text) is { } flag
                        ? (flag ? 1f : 0f)
                        : throw new InvalidDataException($"column '{column}' is not a number.");
                }

                /// <summary>The label as predict writes it: true/false, or null when the cell is missing.</summary>
                private static bool? Label(string text, string where) =>
                    MissingTokens.Contains(text) ? null
                    : Flag(text) ?? throw new InvalidDataException(
                        $"{where}: column '{LabelColumn}': label '{text}' is not one of 0/1, yes/no, true/false, pos/neg.");

                /// <summary>A yes/no cell as osteoml reads it (case-insensitive); null for any other text.</summary>
                private static bool? Flag(string text) =>
                    text.ToLowerInvariant() switch
                    {
                        "1" or "yes" or "y" or "true" or "pos" or "positive" => true,
                        "0" or "no" or "n" or "false" or "neg" or "negative" => false,
                        _ => null,
                    };

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

                /// <summary>
                /// The file's records, the header first (RFC 4180): cells are separated by commas and records by CRLF, LF
                /// or CR. A cell that starts with a quote is quoted: it may hold commas and line breaks, and "" stands for
                /// one quote in it. A quote inside an unquoted cell is kept as it is.
                /// </summary>
                private static IEnumerable<string[]> Records(TextReader reader, string path)
                {
                    var cells = new List<string>();
                    var cell = new StringBuilder();
                    string[] header = [];
                    int row = 1;
                    // Where the cell being read is, by its header name once the header is read.
                    string Where() =>
                        $"{path}, row {row}, column "
                        + (cells.Count < header.Length ? $"'{header[cells.Count].Trim()}'" : $"{cells.Count + 1}");
                    while (true)
                    {
                        int c = reader.Read();
                        if (c == '"' && cell.Length == 0)
                        {
                            Quoted(reader, cell, Where());
                            c = reader.Read();
                            if (c is not (',' or '\r' or '\n' or -1))
                            {
                                throw new InvalidDataException($"{Where()}: text after a quoted cell's closing quote (a quote inside one is written \"\").");
                            }
                        }
                        if (c == ',')
                        {
                            cells.Add(cell.ToString());
                            cell.Clear();
                        }
                        else if (c is '\r' or '\n' || (c == -1 && (cells.Count > 0 || cell.Length > 0)))
                        {
                            if (c == '\r' && reader.Peek() == '\n')
                            {
                                reader.Read();
                            }
                            cells.Add(cell.ToString());
                            cell.Clear();
                            string[] record = [.. cells];
                            cells.Clear();
                            if (row == 1)
                            {
                                header = record;
                            }
                            yield return record;
                            row++;
                        }
                        else if (c == -1)
                        {
                            yield break;
                        }
                        else
                        {
                            cell.Append((char)c);
                        }
                    }
                }

                /// <summary>A quoted cell's text, after its opening quote and up to its closing one.</summary>
                private static void Quoted(TextReader reader, StringBuilder cell, string where)
                {
                    for (int c = reader.Read(); c != '"' || reader.Peek() == '"'; c = reader.Read())
                    {
                        if (c == -1)
                        {
                            throw new InvalidDataException($"{where}: a quoted cell has no closing quote.");
                        }
                        cell.Append((char)c);
                        if (c == '"')
                        {
                            reader.Read(); // "" is one quote
                        }
                    }
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

            /// <summary>
            /// One input CSV row: its id and film as written and its label (null when the cell is missing or the CSV has no
            /// label column), all three copied to the output; and what the zip scores.
            /// </summary>
            public sealed record CsvRow(string PatientId, string? Image, bool? Label, ModelInput Input);

            """;

    public static string Scorer(string ns, bool usesImages)
    {
        string filmCheck = usesImages ? FilmCheck : "";
        return $$"""
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

                /// <summary>
                /// True (the default): a row with a category never seen at training (<see cref="ModelInput.Warnings"/>)
                /// is refused instead of scored, because the zip would read it as blank, which can score exactly like a
                /// real category ("male" as the most common one). False scores it as blank, as predict does without
                /// --strict; an app that sets it should show the warnings, as Program.cs does.
                /// </summary>
                public bool Strict { get; init; } = true;

                /// <summary>Scores rows in one pass, in their order (one pass: the image network runs once per film).</summary>
                public List<ModelOutput> Predict(IEnumerable<ModelInput> rows)
                {
                    List<ModelInput> inputs = [.. rows];
                    for (int i = 0; Strict && i < inputs.Count; i++)
                    {
                        if (inputs[i].Warnings().FirstOrDefault() is { } warning)
                        {
                            throw new InvalidDataException($"input {i + 1} of {inputs.Count}: {warning}");
                        }
                    }
            {{filmCheck}}        IDataView scored = _model.Transform(_ml.Data.LoadFromEnumerable(inputs));
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
    }

    /// <summary>
    /// A missing film fails deep inside ML.NET's pipeline (a DirectoryNotFoundException wrapped in an
    /// InvalidOperationException from its worker); checked first, it is one sentence naming the row.
    /// </summary>
    private const string FilmCheck = """
                for (int i = 0; i < inputs.Count; i++)
                {
                    if (!File.Exists(inputs[i].ImagePath))
                    {
                        throw new FileNotFoundException(
                            $"input {i + 1} of {inputs.Count}: no film at '{inputs[i].ImagePath}' (ImagePath: an absolute path to an 8-bit PNG or JPEG).",
                            inputs[i].ImagePath);
                    }
                }

        """;

    public static string Program(string ns, string modelPath) =>
        $$"""
            using System.Globalization;
            using System.Text;
            using {{ns}};

            // Usage: dotnet run -- IN.csv OUT.csv [MODEL.zip] [--strict]
            // Writes the columns of `osteoml predict`: patient_id[,image],p_image,p_clinical,p_fused,p_logistic,predicted
            // [,label]; label (1, 0, or empty when missing) when IN.csv's InputCsv.LabelColumn holds at least one label.
            // --strict: refuse a category never seen at training instead of warning (predict's --strict).
            bool strict = args.Contains("--strict");
            args = [.. args.Where(a => a != "--strict")];
            if (args.Length is < 2 or > 3)
            {
                Console.Error.WriteLine("usage: IN.csv OUT.csv [MODEL.zip] [--strict]");
                return 2;
            }
            string model = args.Length == 3 ? args[2] : {{CSharpNames.Literal(modelPath)}};
            try
            {
                var rows = InputCsv.Read(args[0]);
                // As predict does: a category the zip never saw counts as blank, so say so (counted, no patient data).
                foreach (var warning in rows.SelectMany(r => r.Input.Warnings()).GroupBy(w => w))
                {
                    Console.Error.WriteLine($"warning: {warning.Key} ({warning.Count()} rows)");
                }
                using var scorer = new Scorer(model) { Strict = strict };
                var outputs = scorer.Predict(rows.Select(r => r.Input));
                bool withLabel = rows.Any(r => r.Label is not null);
                var csv = new StringBuilder("patient_id" + (InputCsv.HasImages ? ",image" : ""));
                csv.Append(",p_image,p_clinical,p_fused,p_logistic,predicted").Append(withLabel ? ",label\n" : "\n");
                for (int i = 0; i < rows.Count; i++)
                {
                    var (row, p) = (rows[i], outputs[i]);
                    csv.Append(Quote(row.PatientId));
                    if (row.Image is { } image)
                    {
                        csv.Append(',').Append(Quote(image));
                    }
                    csv.Append($",{Number(p.ImageProbability)},{Number(p.ClinicalProbability)},{Number(p.FusedProbability)}");
                    csv.Append($",{Number(p.LogisticProbability)},{(p.PredictedOsteoporosis ? 1 : 0)}");
                    if (withLabel)
                    {
                        csv.Append(row.Label switch { true => ",1", false => ",0", null => "," });
                    }
                    csv.Append('\n');
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

            // A cell with a comma, quote or line break is quoted, a quote in it doubled (RFC 4180).
            static string Quote(string value) =>
                value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

            """;
}
