using System.Globalization;
using OsteoMl.Dicom;
using Sylvan.Data.Csv;

namespace OsteoMl.Data;

/// <summary>
/// Reads a cohort CSV (or a folder holding <c>cohort.csv</c>), types its columns and validates every cell the
/// pipeline will use. Any problem is a <see cref="CohortFormatException"/> naming file, line and column.
/// </summary>
public static class CohortReader
{
    public const string DefaultCsvName = "cohort.csv";

    private static readonly HashSet<string> MissingTokens = new(StringComparer.OrdinalIgnoreCase)
    {
        "",
        "na",
        "n/a",
        "nan",
        "null",
        "?",
        ".",
    };

    /// <summary>Resolves a CSV path or a folder containing exactly one CSV (preferring cohort.csv).</summary>
    public static string ResolveCsv(string path)
    {
        if (File.Exists(path))
        {
            return Path.GetFullPath(path);
        }
        if (Directory.Exists(path))
        {
            string preferred = Path.Combine(path, DefaultCsvName);
            if (File.Exists(preferred))
            {
                return Path.GetFullPath(preferred);
            }
            string[] csvs = Directory.GetFiles(path, "*.csv");
            return csvs.Length == 1
                ? Path.GetFullPath(csvs[0])
                : throw new CohortFormatException(
                    $"expected {DefaultCsvName} or exactly one .csv file in the folder, found {csvs.Length}.",
                    path
                );
        }
        throw new CohortFormatException("no such file or folder.", path);
    }

    public static Cohort Read(string path, CohortOptions options)
    {
        string csvPath = ResolveCsv(path);
        string fileName = Path.GetFileName(csvPath);
        (string[] header, List<(int Line, string[] Fields)> rows) = ReadRaw(csvPath, fileName);

        int Index(string column, bool required)
        {
            int index = Array.FindIndex(header, h => string.Equals(h, column, StringComparison.Ordinal));
            if (index < 0 && required)
            {
                throw new CohortFormatException(
                    $"required column '{column}' is missing. Columns present: {string.Join(", ", header)}.",
                    fileName,
                    1,
                    column
                );
            }
            return index;
        }

        // A plain clinical table may have no id column (IdColumnOptional): then every row is its own patient.
        int idIndex = Index(options.IdColumn, required: options.RequireImages || !options.IdColumnOptional);
        int imageIndex = options.RequireImages ? Index(options.ImageColumn, required: true) : -1;
        string labelSource = options.LabelFromTScoreColumn ?? options.LabelColumn;
        int labelIndex = Index(labelSource, required: options.RequireLabel);

        string[] ids = ReadIds(rows, idIndex, fileName, options.IdColumn);
        var warnings = new List<string>();
        rows = DecimalComma.Normalise(header, rows, new HashSet<int> { idIndex, imageIndex }, fileName, warnings);
        string[]? images =
            imageIndex < 0 ? null : ReadImagePaths(rows, imageIndex, csvPath, fileName, options, warnings);
        var unlabelled = new HashSet<int>();
        bool[]? labels =
            labelIndex < 0
                ? null
                : ReadLabels(
                    rows,
                    labelIndex,
                    fileName,
                    labelSource,
                    options.LabelFromTScoreColumn is not null,
                    options.RequireLabel ? null : unlabelled
                );
        string[] absent =
        [
            .. (options.ExpectedColumns?.Keys ?? options.IncludeColumns ?? []).Where(name =>
                !header.Contains(name, StringComparer.Ordinal)
            ),
        ];
        // A model's age and sex can come from the films' DICOM headers, as in a PACS, when the CSV does not give them.
        string[] fromHeaders =
            options.ExpectedColumns is null || imageIndex < 0 ? [] : [.. absent.Where(HeaderColumns.Contains)];
        if (absent.Length > fromHeaders.Length)
        {
            fromHeaders = []; // other columns are missing too: name them all at once
        }
        absent = [.. absent.Except(fromHeaders)];
        if (absent.Length > 0)
        {
            string list = string.Join(", ", absent.Select(a => $"'{a}'"));
            string who = options.ExpectedColumns is null
                ? "the pipeline config's includeColumns name"
                : "the model needs";
            throw new CohortFormatException(
                absent.Length == 1
                    ? $"{who} clinical column {list}, which this file lacks."
                    : $"{who} clinical columns {list}, which this file lacks.",
                fileName,
                1,
                absent[0]
            );
        }

        var reserved = new HashSet<string>(options.ExcludeColumns, StringComparer.Ordinal)
        {
            options.IdColumn,
            options.ImageColumn,
            options.LabelColumn,
        };
        if (options.LabelFromTScoreColumn is not null)
        {
            reserved.Add(options.LabelFromTScoreColumn);
        }
        var columns = new List<ClinicalColumn>();
        var numeric = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var categorical = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var other = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (int c = 0; c < header.Length; c++)
        {
            string[] raw = [.. rows.Select(r => r.Fields[c].Trim())];
            ColumnKind forced = default;
            if (
                reserved.Contains(header[c])
                || (options.ExpectedColumns is { } wanted && !wanted.TryGetValue(header[c], out forced))
                || (options.IncludeColumns is { } only && !only.Contains(header[c], StringComparer.Ordinal))
            )
            {
                // Not a feature, but evaluation may need it (e.g. site for subgroups); the id, image and label stay
                // out.
                if (c != idIndex && c != imageIndex && c != labelIndex)
                {
                    other[header[c]] = raw;
                }
                continue;
            }
            var column = new FeatureCells(header[c], raw, rows, fileName);
            ColumnKind kind = options.ExpectedColumns is null
                ? column.DetectKind(options.AllowIdentifierColumns)
                : column.Refine(forced);
            columns.Add(column.Describe(kind));
            if (kind == ColumnKind.Categorical)
            {
                categorical[header[c]] = column.Categories();
            }
            else
            {
                numeric[header[c]] = column.Numbers();
            }
        }
        foreach (string name in fromHeaders)
        {
            var values = HeaderValues(name, rows, imageIndex, csvPath, fileName, options.ImageColumn);
            columns.Add(new ClinicalColumn(name, options.ExpectedColumns![name], 0));
            if (options.ExpectedColumns[name] == ColumnKind.Categorical)
            {
                categorical[name] = values;
            }
            else
            {
                numeric[name] =
                [
                    .. values.Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture)),
                ];
            }
        }
        if (fromHeaders.Length > 0)
        {
            warnings.Add(
                $"{fileName} has no {string.Join(" or ", fromHeaders.Select(c => $"'{c}'"))} column: taken from each "
                    + "film's DICOM header (Patient's Age or the birth and study dates; Patient's Sex)."
            );
        }
        if (idIndex >= 0)
        {
            int[] checkedColumns =
            [
                // Columns taken from DICOM headers are not in the CSV (index -1): each film carries its own.
                .. columns.Select(c => Array.IndexOf(header, c.Name)).Where(index => index >= 0),
                .. labelIndex >= 0 ? new[] { labelIndex } : [],
            ];
            PatientRows.CheckAgree(ids, rows, header, checkedColumns, MissingTokens.Contains, fileName);
        }
        return new Cohort(csvPath, ids, images, labels, columns, numeric, categorical, other)
        {
            Warnings = warnings,
            IdsAreRowNumbers = idIndex < 0,
            UnlabelledRows = unlabelled,
            ImageNames = imageIndex < 0 ? null : [.. rows.Select(r => r.Fields[imageIndex].Trim())],
        };
    }

    /// <summary>The clinical columns a DICOM header can give (<see cref="FilmHeader"/>): age and sex.</summary>
    private static readonly HashSet<string> HeaderColumns = new(StringComparer.Ordinal) { "age", "sex" };

    /// <summary>
    /// Each row's age (completed years) or sex from its film's DICOM header. A row whose film is not DICOM, or whose
    /// header does not say, is an error naming the row: a missing value is never imputed for the user here.
    /// </summary>
    private static string[] HeaderValues(
        string column,
        List<(int Line, string[] Fields)> rows,
        int imageIndex,
        string csvPath,
        string fileName,
        string imageColumn
    )
    {
        string folder = Path.GetDirectoryName(csvPath)!;
        var values = new string[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            string film = Path.GetFullPath(Path.Combine(folder, rows[r].Fields[imageIndex].Trim()));
            FilmHeader? header = Dicom.RadiographFile.IsDicom(film) ? FilmHeader.Read(film) : null;
            string? value =
                column == "age"
                    ? header?.AgeYears?.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : header?.Sex;
            values[r] =
                value
                ?? throw new CohortFormatException(
                    header is null
                        ? $"the model needs '{column}', which the CSV lacks, and this film is not DICOM (no header to read it from); add the column."
                        : $"the model needs '{column}', which the CSV lacks, and this film's DICOM header does not give it; add the column.",
                    fileName,
                    rows[r].Line,
                    imageColumn
                );
        }
        return values;
    }

    private static string[] ReadIds(
        List<(int Line, string[] Fields)> rows,
        int idIndex,
        string fileName,
        string idColumn
    )
    {
        var ids = new string[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            ids[r] = idIndex < 0 ? $"row-{rows[r].Line}" : rows[r].Fields[idIndex].Trim();
            if (ids[r].Length == 0)
            {
                throw new CohortFormatException("patient id is empty.", fileName, rows[r].Line, idColumn);
            }
        }
        return ids;
    }

    /// <summary>
    /// One feature column's trimmed cells, with the checks and conversions that name its file, line and column.
    /// </summary>
    private sealed class FeatureCells(
        string name,
        string[] raw,
        List<(int Line, string[] Fields)> rows,
        string fileName
    )
    {
        private readonly bool[] missing = [.. raw.Select(MissingTokens.Contains)];

        private string[] Present => [.. raw.Where((_, i) => !missing[i])];

        /// <summary>
        /// The kind a new cohort's column gets from its values, refusing identifiers, empty and stray-text columns.
        /// </summary>
        public ColumnKind DetectKind(bool allowIdentifierColumns)
        {
            if (!allowIdentifierColumns && IdentifierColumns.LooksLikeIdentifier(name))
            {
                throw new CohortFormatException(
                    "this column looks like a patient identifier and is refused as a feature; drop it, list it in the "
                        + "pipeline config's excludeColumns, or pass --allow-identifier-columns if it is not one.",
                    fileName,
                    1,
                    name
                );
            }
            string[] present = Present;
            if (present.Length == 0)
            {
                throw new CohortFormatException(
                    "this column has no values at all; remove it or list it in the pipeline config's excludeColumns.",
                    fileName,
                    1,
                    name
                );
            }
            ColumnKind kind = CohortReader.DetectKind(present);
            if (kind == ColumnKind.Categorical && StrayText(raw, missing) is { } stray)
            {
                // Mostly numbers with a few stray words is a data error, not a categorical variable.
                throw new CohortFormatException(
                    $"'{raw[stray]}' in a column of numbers; fix the value or leave the cell empty for missing.",
                    fileName,
                    rows[stray].Line,
                    name
                );
            }
            return kind;
        }

        /// <summary>
        /// A model's float column is numeric or boolean alike (yes/no is 1/0 in both); a column of yes/no tokens is
        /// described as boolean, as training described it.
        /// </summary>
        public ColumnKind Refine(ColumnKind forced) =>
            forced == ColumnKind.Numeric
            && Present is { Length: > 0 } present
            && present.All(LabelParser.IsBooleanToken)
                ? ColumnKind.Boolean
                : forced;

        public ClinicalColumn Describe(ColumnKind kind) =>
            new(name, kind, missing.Count(m => m), Present.Distinct(StringComparer.Ordinal).Count());

        public string[] Categories() => [.. raw.Select((v, i) => missing[i] ? "" : v)];

        public float[] Numbers()
        {
            var values = new float[raw.Length];
            for (int r = 0; r < raw.Length; r++)
            {
                if (missing[r])
                {
                    values[r] = float.NaN;
                }
                else if (!TryParseNumber(raw[r], out values[r]) || !float.IsFinite(values[r]))
                {
                    // Only reachable when the model forces the kind: detection never calls such a column numeric.
                    throw new CohortFormatException($"'{raw[r]}' is not a number.", fileName, rows[r].Line, name);
                }
            }
            return values;
        }
    }

    /// <summary>Numeric and boolean cells as one float: a number as written, a yes/no token as 1/0.</summary>
    internal static bool TryParseNumber(string text, out float value)
    {
        if (float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }
        bool parsed = LabelParser.TryParse(text, out bool flag);
        value = flag ? 1f : 0f;
        return parsed;
    }

    /// <summary>
    /// For a column typed categorical: the row of its first non-numeric value when at least 80 % of its values
    /// (and at least five) are numbers, or any value is an infinity — a column of numbers with typos. Else null.
    /// </summary>
    private static int? StrayText(string[] raw, bool[] missing)
    {
        int present = 0,
            numbers = 0;
        int? firstText = null;
        for (int r = 0; r < raw.Length; r++)
        {
            if (missing[r])
            {
                continue;
            }
            present++;
            bool number = double.TryParse(raw[r], NumberStyles.Float, CultureInfo.InvariantCulture, out double d);
            if (number && double.IsFinite(d))
            {
                numbers++;
            }
            else
            {
                if (number)
                {
                    return r; // ±Infinity: never a valid measurement
                }
                firstText ??= r;
            }
        }
        return numbers >= 5 && numbers >= 0.8 * present ? firstText : null;
    }

    /// <summary>Booleans first (0/1 is a flag, not a quantity), then numbers, else categories.</summary>
    internal static ColumnKind DetectKind(IReadOnlyCollection<string> present)
    {
        if (present.Count > 0 && present.All(LabelParser.IsBooleanToken))
        {
            return ColumnKind.Boolean;
        }
        if (
            present.All(v =>
                double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)
            )
        )
        {
            return ColumnKind.Numeric;
        }
        return ColumnKind.Categorical;
    }

    private static (string[] Header, List<(int Line, string[] Fields)> Rows) ReadRaw(string csvPath, string fileName)
    {
        if (new FileInfo(csvPath).Length == 0)
        {
            throw new CohortFormatException("the file is empty; expected a header row.", fileName, 1);
        }
        try
        {
            using var reader = CsvDataReader.Create(csvPath, new CsvDataReaderOptions { HasHeaders = true });
            string[] header = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetName(i).Trim()).ToArray();
            if (header.Length == 0 || header.All(string.IsNullOrEmpty))
            {
                throw new CohortFormatException("the file is empty; expected a header row.", fileName, 1);
            }
            var duplicate = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw new CohortFormatException("the header names this column twice.", fileName, 1, duplicate.Key);
            }
            var rows = new List<(int, string[])>();
            int line = 1;
            while (reader.Read())
            {
                line++;
                string[] fields = Enumerable.Range(0, reader.RowFieldCount).Select(reader.GetString).ToArray();
                if (fields.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }
                if (fields.Length != header.Length)
                {
                    throw new CohortFormatException(
                        $"expected {header.Length} fields as in the header, found {fields.Length}.",
                        fileName,
                        line
                    );
                }
                rows.Add((line, fields));
            }
            if (rows.Count == 0)
            {
                throw new CohortFormatException("the file has a header but no data rows.", fileName, 2);
            }
            return (header, rows);
        }
        catch (Exception e) when (e is IOException or CsvFormatException or UnauthorizedAccessException)
        {
            throw new CohortFormatException($"cannot read the file: {e.Message}", fileName);
        }
    }

    private static string[] ReadImagePaths(
        List<(int Line, string[] Fields)> rows,
        int imageIndex,
        string csvPath,
        string fileName,
        CohortOptions options,
        List<string> warnings
    )
    {
        string folder = Path.GetDirectoryName(csvPath)!;
        string column = options.ImageColumn;
        var paths = new string[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            string value = rows[r].Fields[imageIndex].Trim();
            int line = rows[r].Line;
            if (value.Length == 0)
            {
                throw new CohortFormatException("image path is empty.", fileName, line, column);
            }
            if (Path.IsPathRooted(value) && !options.AllowAbsolutePaths)
            {
                throw new CohortFormatException(
                    $"absolute image path '{value}' refused; use a path relative to the CSV's folder or pass "
                        + $"--allow-absolute-paths.",
                    fileName,
                    line,
                    column
                );
            }
            string full = Path.GetFullPath(Path.Combine(folder, value));
            if (Directory.Exists(full))
            {
                // File.Exists is false for a folder too; "not found" would send the user looking for something
                // that is there.
                throw new CohortFormatException(
                    $"image '{value}' is a folder, not an image file; the column needs one film's path per row.",
                    fileName,
                    line,
                    column
                );
            }
            if (!File.Exists(full))
            {
                throw new CohortFormatException(
                    $"image '{value}' not found (looked in {folder}).",
                    fileName,
                    line,
                    column
                );
            }
            if (!options.AllowAbsolutePaths && !IsInside(RealPath(full), RealPath(folder)))
            {
                throw new CohortFormatException(
                    $"image path '{value}' leads outside the CSV's folder (via '..' or a symbolic link); keep "
                        + $"images under {folder} or pass --allow-absolute-paths.",
                    fileName,
                    line,
                    column
                );
            }
            if (Dicom.RadiographFile.IsDicom(full) || Dicom.RadiographFile.IsPng16(full))
            {
                // DICOM and 16-bit PNG become a windowed 8-bit PNG once (cached); the pipeline reads that.
                try
                {
                    full = Dicom.RadiographFile.Loadable(
                        full,
                        warn: w => warnings.Add($"{fileName}, line {line}: {w}")
                    );
                }
                catch (InvalidDataException e)
                {
                    throw new CohortFormatException($"image '{value}': {e.Message}", fileName, line, column);
                }
            }
            if (ImageFileProbe.Problem(full) is { } problem)
            {
                throw new CohortFormatException($"image '{value}': {problem}.", fileName, line, column);
            }
            paths[r] = full;
        }
        return paths;
    }

    private static bool IsInside(string path, string folder) =>
        path.StartsWith(
            folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar,
            StringComparison.Ordinal
        );

    /// <summary>The path with every symbolic link along it resolved (what the OS will really open).</summary>
    private static string RealPath(string path)
    {
        string full = Path.GetFullPath(path);
        string root = Path.GetPathRoot(full)!;
        string current = root;
        foreach (
            string part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries)
        )
        {
            string next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            current = info.LinkTarget is null
                ? next
                : Path.GetFullPath((info.ResolveLinkTarget(returnFinalTarget: true) ?? info).FullName);
        }
        return current;
    }

    private static bool[] ReadLabels(
        List<(int Line, string[] Fields)> rows,
        int labelIndex,
        string fileName,
        string column,
        bool fromTScore,
        HashSet<int>? unlabelled
    )
    {
        var labels = new bool[rows.Count];
        for (int r = 0; r < rows.Count; r++)
        {
            string value = rows[r].Fields[labelIndex].Trim();
            if (unlabelled is not null && MissingTokens.Contains(value))
            {
                unlabelled.Add(r); // the label is optional here (scoring): the row is scored, not counted
            }
            else if (fromTScore)
            {
                if (
                    !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double t)
                    || !double.IsFinite(t)
                )
                {
                    throw new CohortFormatException(
                        $"T-score '{value}' is not a number.",
                        fileName,
                        rows[r].Line,
                        column
                    );
                }
                labels[r] = t <= LabelParser.OsteoporosisTScore;
            }
            else if (!LabelParser.TryParse(value, out labels[r]))
            {
                throw new CohortFormatException(
                    $"label '{value}' is not one of 0/1, yes/no, true/false, pos/neg.",
                    fileName,
                    rows[r].Line,
                    column
                );
            }
        }
        return labels;
    }
}
