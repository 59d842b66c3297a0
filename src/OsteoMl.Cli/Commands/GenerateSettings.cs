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

    public override ValidationResult Validate()
    {
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
