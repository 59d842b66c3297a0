namespace OsteoMl.Simulation;

/// <summary>
/// How <see cref="CohortSimulator"/> renders a cohort: the arithmetic (<see cref="SimulatorVersion"/>) and the film
/// size (<see cref="FilmGeometry"/>). Neither changes the patients: <c>cohort.csv</c> and <c>bayes_posterior.csv</c>
/// depend on the seed, count and site only (the posterior's last digits on the version too).
/// </summary>
public sealed record SimulationOptions
{
    public SimulatorVersion Version { get; init; } = SimulatorVersion.V2;

    /// <summary>Pixels a side: a multiple of 256 from 256 (the default, 8-bit) to 3072 (16-bit above 256).</summary>
    public int FilmSize { get; init; } = FilmGeometry.DefaultSize;

    /// <summary>
    /// Write each film as a DICOM Digital X-Ray image (<c>images/*.dcm</c>, same pixels as the PNG) whose header
    /// carries the patient's synthetic ID, age and sex, modality DX, body part CHEST and view PA: the films a PACS
    /// test needs. The CSV's image column names the .dcm files; every other file is unchanged.
    /// </summary>
    public bool Dicom { get; init; }
}
