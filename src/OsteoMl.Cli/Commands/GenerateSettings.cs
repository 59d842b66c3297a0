using System.ComponentModel;
using OsteoMl.Simulation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OsteoMl.Cli.Commands;

public sealed class GenerateSettings : GlobalSettings
{
    [CommandOption("--out <DIR>")]
    [Description("Folder to write cohort.csv and images/ into (created if missing).")]
    public string Out { get; init; } = "generated";

    [CommandOption("--patients <N>")]
    [Description("Number of simulated patients.")]
    [DefaultValue(400)]
    public int Patients { get; init; } = 400;

    [CommandOption("--seed <SEED>")]
    [Description("Random seed; the same seed, count and site give the same files.")]
    [DefaultValue(42)]
    public int Seed { get; init; } = 42;

    [CommandOption("--site <NAME>")]
    [Description("Site profile: A (development), B or C (external sites: other detector and age mix).")]
    [DefaultValue("A")]
    public string Site { get; init; } = "A";

    [CommandOption("--simulator <VERSION>")]
    [Description(
        "Simulator arithmetic: 2 (fast, vectorised) or 1, which reproduces cohorts made before version 2 (the shipped "
            + "sample-data and the committed benchmarks). The same model either way; the films differ."
    )]
    [DefaultValue(2)]
    public int Simulator { get; init; } = 2;

    public override ValidationResult Validate()
    {
        if (Simulator is not (1 or 2))
        {
            return ValidationResult.Error($"--simulator must be 1 or 2; got {Simulator}.");
        }
        if (Seed < 0)
        {
            return ValidationResult.Error("--seed must be 0 or more.");
        }
        if (Patients < 10 || Patients > 200_000)
        {
            return ValidationResult.Error("--patients must be between 10 and 200000.");
        }
        if (!SiteProfile.Names.Contains(Site.ToUpperInvariant()))
        {
            return ValidationResult.Error(
                $"--site must be one of {string.Join(", ", SiteProfile.Names)}; got '{Site}'."
            );
        }
        return ValidationResult.Success();
    }
}
