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

    [CommandOption("--size <N>")]
    [Description(
        "Film size in pixels a side, a multiple of 256 from 256 to 3072, over a 43 cm detector (1.68 mm pixels at "
            + "256, 0.42 mm at 1024, 0.21 mm at 2048). 256 writes 8-bit PNGs exactly as before; larger sizes the same "
            + "radiographs at a finer spacing as 16-bit PNGs stating the spacing. cohort.csv and bayes_posterior.csv "
            + "do not depend on it."
    )]
    [DefaultValue(FilmGeometry.DefaultSize)]
    public int Size { get; init; } = FilmGeometry.DefaultSize;

    [CommandOption("--dicom")]
    [Description(
        "Write the films as DICOM Digital X-Ray images (images/*.dcm, the same pixels) whose header carries the "
            + "synthetic patient's ID, age and sex, modality DX, body part CHEST and view PA: films to push into a "
            + "PACS (osteoml pacs). Labelled SYNTHETIC in Patient's Name and Image Comments."
    )]
    public bool Dicom { get; init; }

    public override ValidationResult Validate()
    {
        if (Simulator is not (1 or 2))
        {
            return ValidationResult.Error($"--simulator must be 1 or 2; got {Simulator}.");
        }
        if (!FilmGeometry.IsValidSize(Size))
        {
            return ValidationResult.Error($"--size must be {FilmGeometry.SizeRule}; got {Size}.");
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
