namespace OsteoMl.Simulation;

/// <summary>What <see cref="CohortSimulator"/> wrote: where, how many, and the realised prevalence.</summary>
public sealed record GeneratedCohort(
    string CsvPath,
    int Patients,
    int Radiographs,
    double Prevalence,
    string Site,
    int Seed
);
