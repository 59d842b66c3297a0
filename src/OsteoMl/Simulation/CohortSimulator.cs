using System.Globalization;
using System.Text;

namespace OsteoMl.Simulation;

/// <summary>
/// Writes a SYNTHETIC chest-radiograph + clinical cohort: <c>cohort.csv</c>, <c>images/*.png</c> and a
/// README that says it is synthetic. Deterministic for a given seed, patient count, site and
/// <see cref="SimulatorVersion"/>.
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
    ) => Generate(outputDirectory, patients, seed, site, progress, writeImages: true, version);

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
    )
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThan(patients, 1);
        ArgumentNullException.ThrowIfNull(site);

        var random = new Random(seed);
        var cohort = new List<SimulatedPatient>(patients);
        for (int i = 0; i < patients; i++)
        {
            cohort.Add(PatientSampler.Sample(random, i, site));
        }
        var films = new List<(SimulatedPatient Patient, string File, int FilmSeed)>();
        foreach (var patient in cohort)
        {
            films.Add((patient, patient.ImageFile, random.Next()));
            if (random.NextBernoulli(SecondFilmRate))
            {
                films.Add(
                    (patient, patient.ImageFile.Replace(".png", "-2.png", StringComparison.Ordinal), random.Next())
                );
            }
        }

        string imageDirectory = Path.Combine(outputDirectory, "images");
        Directory.CreateDirectory(imageDirectory);
        int done = 0;
        Parallel.ForEach(
            writeImages ? films : [],
            film =>
            {
                byte[] pixels = RadiographRenderer.Render(film.Patient, site, new Random(film.FilmSeed), version);
                Dicom.RadiographFile.WritePng(
                    Path.Combine(outputDirectory, film.File),
                    pixels,
                    RadiographRenderer.Size,
                    RadiographRenderer.Size
                );
                progress?.Report(Interlocked.Increment(ref done));
            }
        );

        string csvPath = Path.Combine(outputDirectory, CsvFileName);
        WriteCsv(csvPath, films.Select(f => (f.Patient, f.File)));
        BayesPosterior.Write(Path.Combine(outputDirectory, BayesPosterior.FileName), cohort, site, seed, version);
        File.WriteAllText(
            Path.Combine(outputDirectory, "README.md"),
            Readme(patients, films.Count, seed, site, version)
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

    private static string Readme(int patients, int films, int seed, SiteProfile site, SimulatorVersion version) =>
        $"""
            # SYNTHETIC cohort — not patient data

            Made by the OsteoMl cohort simulator:
            `osteoml generate --patients {patients} --seed {seed} --site {site.Name} --simulator {(int)version}`.
            {patients} simulated patients, {films} simulated chest radiographs (`images/`),
            clinical table `{CsvFileName}`.
            Every value is drawn from the model in docs/simulator.md; no row describes a real person.
            `t_score` is the simulated DXA result the label is derived from (`osteoporosis` = T ≤ −2.5):
            it is excluded from the features by pipelines/default.json.
            `{BayesPosterior.FileName}` holds each patient's exact probability of the label given the film, the
            clinical columns, and both (the simulator's Bayes ceiling); it is never read as a feature, and
            `train`/`evaluate` report the attainable AUC from it.

            """;
}
