using System.Globalization;
using System.Text;
using OsteoMl.Dicom;

namespace OsteoMl.Simulation;

/// <summary>
/// Writes a SYNTHETIC chest-radiograph + clinical cohort: <c>cohort.csv</c>, <c>images/*.png</c> and a
/// README that says it is synthetic. Deterministic for a given seed, patient count, site,
/// <see cref="SimulatorVersion"/> and film size; the film size changes the films only.
/// </summary>
public static class CohortSimulator
{
    public const string CsvFileName = "cohort.csv";

    /// <summary>Share of patients with a second (follow-up) radiograph: rows that share a patient id.</summary>
    private const double SecondFilmRate = 0.05;

    private static readonly string[] Header =
    [
        "patient_id",
        "image",
        "osteoporosis",
        "t_score",
        "age",
        "sex",
        "height_cm",
        "weight_kg",
        "bmi",
        "menopause",
        "prior_fracture",
        "parental_hip_fracture",
        "smoking",
        "alcohol",
        "glucocorticoids",
        "rheumatoid_arthritis",
        "diabetes",
        "serum_calcium",
        "alkaline_phosphatase",
        "vitamin_d",
        "creatinine",
        "site",
    ];

    public static GeneratedCohort Generate(
        string outputDirectory,
        int patients,
        int seed,
        SiteProfile site,
        IProgress<int>? progress = null,
        SimulatorVersion version = SimulatorVersion.V2
    ) =>
        Generate(
            outputDirectory,
            patients,
            seed,
            site,
            new SimulationOptions { Version = version },
            progress,
            writeImages: true
        );

    /// <summary>A cohort rendered as <paramref name="options"/> say (arithmetic version, film size).</summary>
    public static GeneratedCohort Generate(
        string outputDirectory,
        int patients,
        int seed,
        SiteProfile site,
        SimulationOptions options,
        IProgress<int>? progress = null
    ) => Generate(outputDirectory, patients, seed, site, options, progress, writeImages: true);

    /// <summary>
    /// With <paramref name="writeImages"/> false only the CSV is written (fast checks of the clinical model).
    /// </summary>
    internal static GeneratedCohort Generate(
        string outputDirectory,
        int patients,
        int seed,
        SiteProfile site,
        IProgress<int>? progress,
        bool writeImages,
        SimulatorVersion version = SimulatorVersion.V2
    ) =>
        Generate(
            outputDirectory,
            patients,
            seed,
            site,
            new SimulationOptions { Version = version },
            progress,
            writeImages
        );

    private static GeneratedCohort Generate(
        string outputDirectory,
        int patients,
        int seed,
        SiteProfile site,
        SimulationOptions options,
        IProgress<int>? progress,
        bool writeImages
    )
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThan(patients, 1);
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(options);
        var geometry = new FilmGeometry(options.FilmSize);
        SimulatorVersion version = options.Version;

        var random = new Random(seed);
        var cohort = new List<SimulatedPatient>(patients);
        for (int i = 0; i < patients; i++)
        {
            cohort.Add(PatientSampler.Sample(random, i, site));
        }
        var films = new List<(SimulatedPatient Patient, string File, int FilmSeed)>();
        string extension = options.Dicom ? ".dcm" : ".png";
        foreach (var patient in cohort)
        {
            string file = Path.ChangeExtension(patient.ImageFile, extension);
            films.Add((patient, file, random.Next()));
            if (random.NextBernoulli(SecondFilmRate))
            {
                films.Add(
                    (patient, file.Replace(extension, "-2" + extension, StringComparison.Ordinal), random.Next())
                );
            }
        }

        string imageDirectory = Path.Combine(outputDirectory, "images");
        Directory.CreateDirectory(imageDirectory);
        int done = 0;
        // Above 256 each rendering thread holds its film's working planes (about 100 MB at 2048), so no more threads
        // than cores (the thread pool would otherwise add threads while others wait on the disk), and each reuses one
        // 16-bit output film rather than leave 8 MB for the collector per film. The 256 film keeps the default.
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = geometry.IsDefault ? -1 : Environment.ProcessorCount,
        };
        Parallel.ForEach(
            writeImages ? films : [],
            parallel,
            () => geometry.IsDefault ? null : new ushort[geometry.Size * geometry.Size],
            (film, _, output) =>
            {
                var rendered = RadiographRenderer.Render(
                    film.Patient,
                    site,
                    new Random(film.FilmSeed),
                    version,
                    geometry,
                    output
                );
                string path = Path.Combine(outputDirectory, film.File);
                if (options.Dicom)
                {
                    rendered.WriteDicom(path, SyntheticFilmHeader.For(film.Patient, film.File, seed, geometry));
                }
                else
                {
                    rendered.Write(path);
                }
                progress?.Report(Interlocked.Increment(ref done));
                return output;
            },
            _ => { }
        );

        string csvPath = Path.Combine(outputDirectory, CsvFileName);
        WriteCsv(csvPath, films.Select(f => (f.Patient, f.File)));
        BayesPosterior.Write(Path.Combine(outputDirectory, BayesPosterior.FileName), cohort, site, seed, version);
        File.WriteAllText(
            Path.Combine(outputDirectory, "README.md"),
            Readme(patients, films.Count, seed, site, version, geometry)
        );

        double prevalence = cohort.Count(p => p.Osteoporosis) / (double)cohort.Count;
        return new GeneratedCohort(csvPath, patients, films.Count, prevalence, site.Name, seed);
    }

    private static void WriteCsv(string path, IEnumerable<(SimulatedPatient Patient, string File)> rows)
    {
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', Header));
        foreach (var (p, file) in rows)
        {
            string[] fields =
            [
                p.PatientId,
                file,
                Bit(p.Osteoporosis),
                Number(p.TScore),
                Number(p.Age),
                p.Female ? "F" : "M",
                Number(p.HeightCm),
                Number(p.WeightKg),
                Number(Math.Round(p.Bmi, 1)),
                p.Female ? Bit(p.Menopause) : "",
                Bit(p.PriorFracture),
                Bit(p.ParentalHipFracture),
                Bit(p.Smoking),
                Bit(p.Alcohol),
                Bit(p.Glucocorticoids),
                Bit(p.RheumatoidArthritis),
                Bit(p.Diabetes),
                Number(p.SerumCalcium),
                Number(p.AlkalinePhosphatase),
                Number(p.VitaminD),
                Number(p.Creatinine),
                p.Site,
            ];
            csv.AppendLine(string.Join(',', fields));
        }
        File.WriteAllText(path, csv.ToString());
    }

    private static string Bit(bool value) => value ? "1" : "0";

    private static string Number(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "";

    /// <summary>
    /// The cohort's README. For the default 256 film it is the text every cohort has carried (the shipped sample-data
    /// regenerates byte for byte); larger films add <c>--size</c> to the command and a line on size, depth and spacing.
    /// </summary>
    private static string Readme(
        int patients,
        int films,
        int seed,
        SiteProfile site,
        SimulatorVersion version,
        FilmGeometry geometry
    ) =>
        $"""
            # SYNTHETIC cohort — not patient data

            Made by the OsteoMl cohort simulator:
            `osteoml generate --patients {patients} --seed {seed} --site {site.Name} --simulator {(int)version}{SizeOption(
                geometry
            )}`.
            {patients} simulated patients, {films} simulated chest radiographs (`images/`),
            clinical table `{CsvFileName}`.{FilmLine(geometry)}
            Every value is drawn from the model in docs/simulator.md; no row describes a real person.
            `t_score` is the simulated DXA result the label is derived from (`osteoporosis` = T ≤ −2.5):
            it is excluded from the features by pipelines/default.json.
            `{BayesPosterior.FileName}` holds each patient's exact probability of the label given the film, the
            clinical columns, and both (the simulator's Bayes ceiling); it is never read as a feature, and
            `train`/`evaluate` report the attainable AUC from it.

            """;

    private static string SizeOption(FilmGeometry geometry) => geometry.IsDefault ? "" : $" --size {geometry.Size}";

    private static string FilmLine(FilmGeometry geometry) =>
        geometry.IsDefault
            ? ""
            : $"\nFilms: {geometry.Size} × {geometry.Size} pixels, {geometry.BitDepth}-bit grayscale PNG, "
                + $"pixel spacing {geometry.PixelSpacingMm.ToString("0.###", CultureInfo.InvariantCulture)} mm "
                + "(a 43 cm detector; stated in each PNG's pHYs chunk). The same radiographs as the 256 × 256 cohort "
                + "of this seed, at a finer pixel spacing.";
}
